import { useState } from 'preact/hooks';
import type { BrowserKind, PlatformOs } from '../core/dns-advice';
import { t } from '../ui/i18n';
import type { PopupActions, PopupEnv } from './actions';
import { CopyButton } from './CopyButton';
import { ExpandRow } from './ExpandRow';

const GRANT_PAGE: Record<BrowserKind, string> = { chrome: 'chrome://extensions', firefox: 'about:addons' };

/** The keyboard shortcut for a new private window, or null where there is none (Android). */
export function privateWindowShortcut(os: PlatformOs, browser: BrowserKind): string | null {
  if (os === 'android') return null;
  const key = browser === 'firefox' ? 'P' : 'N';
  return os === 'mac' ? `⌘+Shift+${key}` : `Ctrl+Shift+${key}`;
}

/**
 * Opens the page in a private window when the browser lets the extension; otherwise says how, and where
 * to allow it (both browsers keep extensions out of private windows until the visitor allows them).
 * Where no extension can open a window (Firefox for Android), only the way by hand is given.
 */
export function PrivateWindowFix({
  url,
  env,
  actions,
}: {
  url: string;
  env: PopupEnv;
  actions: PopupActions;
}) {
  const [failed, setFailed] = useState(false);
  const title = t(`popup_fix_private_${env.browser}`);
  const shortcut = privateWindowShortcut(env.os, env.browser);
  if (env.canOpenWindows && env.incognitoAllowed && !failed) {
    return (
      <button
        type="button"
        class="fix-button"
        onClick={async () => setFailed(!(await actions.openPrivateWindow()))}
      >
        {title}
      </button>
    );
  }
  return (
    <ExpandRow id="private-window" title={title} onOpen={() => actions.markTried('private-window')}>
      {failed && <p>{t('popup_private_failed')}</p>}
      <p>
        {shortcut ? t(`popup_private_keys_${env.browser}`, shortcut) : t(`popup_private_menu_${env.browser}`)}
      </p>
      <CopyButton text={url} label={t('popup_copy_link')} copy={actions.copy} />
      {/* Where to allow it; browsers let no extension open these pages, so the address is given to copy. */}
      {env.canOpenWindows && (
        <>
          <p>{t(`popup_private_grant_${env.browser}`)}</p>
          <p class="command">
            <code>{GRANT_PAGE[env.browser]}</code>{' '}
            <CopyButton
              text={GRANT_PAGE[env.browser]}
              label={t('popup_copy')}
              describeValue
              copy={actions.copy}
            />
          </p>
        </>
      )}
    </ExpandRow>
  );
}
