import { useEffect, useState } from 'preact/hooks';
import type { Incident } from '../core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { settingsFitSync } from '../core/settings-size';
import { t } from '../ui/i18n';
import type { downloadText } from './download';
import { HistorySection } from './HistorySection';
import type { OptionsPort, Shortcut } from './options-port';
import { SaveStatusLine } from './SaveStatusLine';
import { SettingsForm } from './SettingsForm';
import { ShortcutsSection } from './ShortcutsSection';
import { useSettings } from './use-settings';

export interface OptionsData {
  settings: Settings;
  history: Incident[];
  shortcuts: Shortcut[] | null;
}

interface Props {
  port: OptionsPort;
  /** Read before the first render, so the page never jumps when its data arrives. */
  initial: OptionsData;
  now?: () => number;
  save?: typeof downloadText;
}

export function OptionsPage({ port, initial, now = Date.now, save }: Props) {
  const { settings, save: saveSettings, status } = useSettings(port, initial.settings);
  const [history, setHistory] = useState(initial.history);
  useEffect(() => {
    const stop = port.watchHistory(setHistory);
    // An incident that ended between the first read and this subscription would otherwise be missed.
    void port.loadHistory().then(setHistory);
    return stop;
  }, [port]);

  return (
    <>
      <header class="page-header">
        <h1>{t('optionsTitle')}</h1>
        <SaveStatusLine status={status} />
      </header>
      <main>
        <SettingsForm
          settings={settings}
          onChange={(change) => void saveSettings(change)}
          fits={settingsFitSync}
          canNotify={port.canNotify}
          onReset={() => void saveSettings({ ...DEFAULT_SETTINGS })}
        />
        <HistorySection
          history={history}
          now={now()}
          onClear={() => {
            void port.clearHistory();
          }}
          save={save}
        />
        <ShortcutsSection port={port} initial={initial.shortcuts} />
      </main>
    </>
  );
}
