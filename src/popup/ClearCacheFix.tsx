import { useState } from 'preact/hooks';
import { t } from '../ui/i18n';
import type { PopupActions } from './actions';

/** Clears this site's cached files in one click; cookies only after a warning that it signs the visitor out. */
export function ClearCacheFix({ host, actions }: { host: string; actions: PopupActions }) {
  const [cookiesOpen, setCookiesOpen] = useState(false);
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
