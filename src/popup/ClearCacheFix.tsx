import { useState } from 'preact/hooks';
import { t } from '../ui/i18n';
import type { PopupActions, PopupEnv } from './actions';
import { CopyButton } from './CopyButton';
import { ExpandRow } from './ExpandRow';

// Firefox lets no extension open its settings, so the address is given to copy.
const FIREFOX_PRIVACY_SETTINGS = 'about:preferences#privacy';

/**
 * Clears this site's cached files in one click; cookies only after a warning that it signs the visitor out.
 * Firefox cannot clear one site's cache for an extension (see clearSiteData), so there it gives the steps
 * in Firefox's own settings instead of a button that would claim success. Firefox for Android has no
 * such settings page: there the site's own panel (the lock next to the address) clears it.
 */
export function ClearCacheFix({
  host,
  env,
  actions,
}: {
  host: string;
  env: PopupEnv;
  actions: PopupActions;
}) {
  const [cookiesOpen, setCookiesOpen] = useState(false);
  if (env.browser === 'firefox' && env.os === 'android') {
    return (
      <ExpandRow
        id="clear-cache"
        title={t('popup_fix_clear_cache')}
        onOpen={() => actions.markTried('clear-cache')}
      >
        <p>{t('popup_clear_steps_firefox_android', host)}</p>
      </ExpandRow>
    );
  }
  if (env.browser === 'firefox') {
    return (
      <ExpandRow
        id="clear-cache"
        title={t('popup_fix_clear_cache')}
        onOpen={() => actions.markTried('clear-cache')}
      >
        <p>{t('popup_clear_steps_firefox', host)}</p>
        <p class="command">
          <code>{FIREFOX_PRIVACY_SETTINGS}</code>{' '}
          <CopyButton
            text={FIREFOX_PRIVACY_SETTINGS}
            label={t('popup_copy')}
            describeValue
            copy={actions.copy}
          />
        </p>
      </ExpandRow>
    );
  }
  return (
    <>
      <button type="button" class="fix-button" onClick={() => actions.clearSiteData(false)}>
        {t('popup_fix_clear_cache')}
      </button>
      <button
        type="button"
        class="link-button"
        aria-expanded={cookiesOpen}
        aria-controls="cookies-warning"
        onClick={() => setCookiesOpen(!cookiesOpen)}
      >
        {t('popup_cookies_too')}
      </button>
      <div id="cookies-warning" class="warning" hidden={!cookiesOpen}>
        <p>{t('popup_cookies_warning', host)}</p>
        <button type="button" class="danger" onClick={() => actions.clearSiteData(true)}>
          {t('popup_clear_cookies')}
        </button>
      </div>
    </>
  );
}
