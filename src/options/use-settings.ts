import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
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
  // A change computed from this, not from the render it was made in: a save fired by a timer or a
  // late event never undoes a change made in between.
  const latest = useRef(initial);
  const show = useCallback((next: Settings) => {
    latest.current = next;
    setSettings(next);
  }, []);

  useEffect(() => {
    const stop = port.watchSettings(show);
    // A change made elsewhere between the first read and this subscription would otherwise be missed.
    void port.loadSettings().then(show);
    return stop;
  }, [port, show]);

  const save = useCallback(
    async (change: Settings | ((current: Settings) => Settings)) => {
      const previous = latest.current;
      const repaired = repairSettings(typeof change === 'function' ? change(previous) : change);
      show(repaired);
      setStatus({ state: 'saving' });
      try {
        await port.saveSettings(repaired, previous);
        setStatus({ state: 'saved' });
      } catch (error) {
        setStatus({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [port, show],
  );

  return { settings, save, status };
}
