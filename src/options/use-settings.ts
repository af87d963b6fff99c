import { useCallback, useEffect, useState } from 'preact/hooks';
import { repairSettings, type Settings } from '../core/settings';
import type { OptionsPort } from './options-port';

export type SaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'failed'; message: string };

/**
 * The settings as shown, saved to storage at once on every change (always repaired first), and
 * kept in step with changes made elsewhere (another options tab, sync from another computer).
 */
export function useSettings(port: OptionsPort, initial: Settings) {
  const [settings, setSettings] = useState(initial);
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });

  useEffect(() => port.watchSettings(setSettings), [port]);

  const save = useCallback(
    async (next: Settings) => {
      const repaired = repairSettings(next);
      setSettings(repaired);
      setStatus({ state: 'saving' });
      try {
        await port.saveSettings(repaired);
        setStatus({ state: 'saved' });
      } catch (error) {
        setStatus({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [port],
  );

  return { settings, save, status };
}
