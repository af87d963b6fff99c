import { useEffect, useState } from 'preact/hooks';
import { t } from '../ui/i18n';
import type { OptionsPort, Shortcut } from './options-port';

function shortcutLabel(s: Shortcut): string {
  if (s.name === '_execute_action') return t('options_shortcutOpenPopup');
  if (s.name === 'retry-now') return t('commandRetryNow');
  return s.description || s.name;
}

/** The keyboard commands and where the browser lets the visitor change them. */
export function ShortcutsSection({ port, initial }: { port: OptionsPort; initial: Shortcut[] | null }) {
  const [shortcuts, setShortcuts] = useState(initial);

  // Shortcuts are changed in the browser's own page: show the new ones when the visitor comes back.
  useEffect(() => {
    const reload = () => {
      if (document.visibilityState === 'visible') void port.loadShortcuts().then(setShortcuts);
    };
    document.addEventListener('visibilitychange', reload);
    return () => document.removeEventListener('visibilitychange', reload);
  }, [port]);

  const open = port.openShortcutSettings;
  return (
    <section id="shortcuts" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading">{t('options_shortcutsHeading')}</h2>
      {shortcuts === null ? (
        <p class="card muted">{t('options_shortcutsNone')}</p>
      ) : (
        <div class="card">
          <dl class="shortcuts">
            {shortcuts.map((s) => (
              <div key={s.name} class="shortcut">
                <dt>{shortcutLabel(s)}</dt>
                <dd>
                  {s.shortcut ? (
                    <kbd>{s.shortcut}</kbd>
                  ) : (
                    <span class="muted">{t('options_shortcutNotSet')}</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          {open ? (
            <p class="shortcut-help">
              {t('options_shortcutsChangeChrome')}{' '}
              <button type="button" id="open-shortcut-settings" onClick={() => void open()}>
                {t('options_shortcutsOpenSettings')}
              </button>
            </p>
          ) : (
            <p class="shortcut-help">{t('options_shortcutsChangeFirefox')}</p>
          )}
        </div>
      )}
    </section>
  );
}
