import type { BrowserKind } from '../core/dns-advice';
import { t } from '../ui/i18n';
import type { PopupActions } from './actions';

/**
 * A failed form is never sent again by itself: say why, where the typed text is kept, and offer to
 * resend only on request. Chromium 156 fills the form in again on Back (seen with a 502 and with no
 * answer at all); Firefox is not promised anything it was not seen doing.
 */
export function PostNotice({ actions, browser }: { actions: PopupActions; browser: BrowserKind }) {
  return (
    <section class="post-notice" aria-labelledby="post-title">
      <h2 id="post-title">{t('popup_post_title')}</h2>
      <p>{t('popup_post_explain')}</p>
      {browser === 'chrome' && <p data-testid="post-back">{t('popup_post_back_chrome')}</p>}
      <button type="button" onClick={actions.resendForm}>
        {t('popup_post_resend')}
      </button>
      <p class="muted small-text">{t('popup_post_resend_hint')}</p>
    </section>
  );
}
