import { t } from '../ui/i18n';
import type { PopupActions } from './actions';

/** A failed form is never sent again by itself: say why, and offer to resend only on request. */
export function PostNotice({ actions }: { actions: PopupActions }) {
  return (
    <section class="post-notice" aria-labelledby="post-title">
      <h2 id="post-title">{t('popup_post_title')}</h2>
      <p>{t('popup_post_explain')}</p>
      <button type="button" onClick={actions.resendForm}>
        {t('popup_post_resend')}
      </button>
      <p class="muted small-text">{t('popup_post_resend_hint')}</p>
    </section>
  );
}
