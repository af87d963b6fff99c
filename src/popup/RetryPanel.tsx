import type { OriginSchedule, TabRecovery } from '../core/recovery-state';
import { formatNumber, t, tParts } from '../ui/i18n';
import type { PopupActions } from './actions';
import { formatCountdown } from './format';

interface Props {
  tab: TabRecovery;
  origin: OriginSchedule | null;
  /** What a site was allowed when its checks do not say (a tab recorded by an older version). */
  maxAttempts: number;
  now: number;
  actions: PopupActions;
  /** False when another step (clearing the cache) is the verdict's primary action. A form's answer gets no
   * button here: the engine never rechecks it, and resending is offered with its explanation. */
  primary: boolean;
}

function statusText(tab: TabRecovery): string {
  if (tab.phase === 'not-retried')
    return t(`popup_status_not_retried_${(tab.reason ?? 'disabled').replaceAll('-', '_')}`);
  if (tab.phase === 'answered-other') return t('popup_status_answered_other', String(tab.answeredWith));
  return t(`popup_status_${tab.phase.replaceAll('-', '_')}`);
}

/** What the extension is doing about the tab, with the buttons that change it. */
export function RetryPanel({ tab, origin, maxAttempts, now, actions, primary }: Props) {
  const main = primary ? 'primary' : '';
  // While waiting the site's live schedule counts; once given up or stopped, what the tab kept of it.
  const waiting = tab.phase === 'waiting' ? origin : null;
  const checks = waiting ?? (tab.phase === 'gave-up' || tab.phase === 'stopped' ? tab.endedWith : null);
  return (
    <section class="retry" data-phase={tab.phase} aria-label={t('popup_retry_label')}>
      <p class="status" role="status">
        {statusText(tab)}
      </p>
      {checks && (
        <p class="progress">
          <span class="tabular">
            {/* Against the site's own allowance: "Try again" raised it, and settings changed since do not apply. */}
            {t('popup_checks_of', [
              formatNumber(checks.attempts),
              formatNumber(checks.allowance ?? maxAttempts),
            ])}
          </span>
          {waiting && (
            <>
              <span aria-hidden="true"> · </span>
              {waiting.checkingSince ? (
                <span>{t('popup_checking_now')}</span>
              ) : (
                <span>
                  {tParts('popup_next_check', [
                    <span key="countdown" class="countdown tabular">
                      {formatCountdown(waiting.nextCheckAt - now)}
                    </span>,
                  ])}
                </span>
              )}
            </>
          )}
        </p>
      )}
      <div class="buttons">
        {(tab.phase === 'waiting' || tab.phase === 'reloading') && (
          <>
            <button type="button" class={main} onClick={actions.retryNow}>
              {t('popup_retry_now')}
            </button>
            <button type="button" onClick={actions.stop}>
              {t('popup_stop')}
            </button>
          </>
        )}
        {tab.phase === 'gave-up' && (
          <button type="button" class={main} onClick={actions.resume}>
            {t('popup_try_again')}
          </button>
        )}
        {tab.phase === 'stopped' && (
          <button type="button" class={main} onClick={actions.resume}>
            {t('popup_resume')}
          </button>
        )}
        {tab.phase === 'not-retried' && tab.reason === 'unknown-name' && (
          <button type="button" class={main} onClick={actions.resume}>
            {t('popup_keep_checking')}
          </button>
        )}
        {((tab.phase === 'not-retried' && tab.reason !== 'post') || tab.phase === 'answered-other') && (
          <button
            type="button"
            class={tab.reason === 'unknown-name' ? '' : main}
            onClick={() => actions.reload(false)}
          >
            {t('popup_reload_once')}
          </button>
        )}
      </div>
    </section>
  );
}
