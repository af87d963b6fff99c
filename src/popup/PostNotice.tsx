import type { BrowserKind } from '../core/dns-advice';
import { t } from '../ui/i18n';
import type { PopupActions } from './actions';

/**
 * A failed form is never sent again by itself: say why, where the typed text is kept, and offer to
 * resend only on request. On Back, Chromium 156 fills the form in again (seen after a 502 and after a
 * dropped connection, also with `Cache-Control: no-store`); Firefox ESR 153 does too, except for a
 * page sent with `no-store`, whose fields came back empty.
 */
export function PostNotice({ actions, browser }: { actions: PopupActions; browser: BrowserKind }) {
  return (
    <section class="post-notice" aria-labelledby="post-title">
      <h2 id="post-title">{t('popup_post_title')}</h2>
      <p>{t('popup_post_explain')}</p>
      <p data-testid="post-back">
        {browser === 'chrome' ? t('popup_post_back_chrome') : t('popup_post_back_firefox')}
      </p>
      <button type="button" onClick={actions.resendForm}>
        {t('popup_post_resend')}
      </button>
      <p class="muted small-text">{t('popup_post_resend_hint')}</p>
    </section>
  );
}
