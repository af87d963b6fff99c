import { shareableUrl } from '../core/bounds';
import type { TabView } from '../core/messages';
import { matchesAnySite } from '../core/site-pattern';
import { decideVerdict } from '../core/verdict';
import { t } from '../ui/i18n';
import type { PopupActions, PopupEnv } from './actions';
import { Disclosure } from './Disclosure';
import { ErrorSummary } from './ErrorSummary';
import { FixChecklist } from './FixChecklist';
import { HealthyView } from './HealthyView';
import { Lazy } from './Lazy';
import { PostNotice } from './PostNotice';
import { ProviderOutageNotice } from './ProviderOutageNotice';
import { RetryPanel } from './RetryPanel';
import { VerdictPanel } from './VerdictPanel';

// Most visitors never open the operators' section; it loads when it opens (by itself for sites they operate).
const loadOperatorPanel = () => import('./OperatorPanel');

export interface PopupProps {
  view: TabView;
  /** The clock the countdown ticks on; the view itself refreshes less often. */
  now: number;
  env: PopupEnv;
  actions: PopupActions;
  /** The outcome of the visitor's last action, announced politely. */
  notice: string;
  /** The address the tab shows (`tabs.get`), when read: the exact one, where storage may keep a cut one. */
  address?: string;
}

/** One verdict, one primary action, the rest one click away. */
export function Popup({ view, now, env, actions, notice, address }: PopupProps) {
  const tab = view.tab;
  const noticeLine = (
    <p class="notice" aria-live="polite">
      {notice}
    </p>
  );
  const footer = (
    <footer class="popup-footer">
      <button type="button" class="link-button" onClick={actions.openSettings}>
        {t('popup_open_settings')}
      </button>
    </footer>
  );
  if (!tab) {
    return (
      <>
        {view.held ? (
          <p class="card" role="status" data-testid="storage-held">
            {t('popup_storageHeld')}
          </p>
        ) : (
          <HealthyView view={view} />
        )}
        {noticeLine}
        {footer}
      </>
    );
  }
  // Once the tab gave up or stopped, its site's schedule may be gone: the tab kept the last of it.
  const checks = view.origin ?? tab.endedWith ?? null;
  const verdict = decideVerdict({
    online: view.online,
    tab,
    lastCheck: checks?.lastCheck ?? null,
    checkBy: checks?.checkBy,
    visitorNetwork: Boolean(view.visitorNetwork),
  });
  // On the visitor's side, clearing the cache is the step that helps; retrying is not. Firefox offers
  // no one-click clearing (ClearCacheFix), so there its steps lead the checklist instead; a private
  // tab has none either (the extension could clear only the normal profile's data).
  const clearFirst = verdict.side === 'yours' && env.browser === 'chrome' && !tab.private;
  // The site answers without the visitor's cookies but not with them: the cookies are what to clear,
  // and the button says so, with what it costs.
  const cookiesFirst = verdict.reason === 'tab-disagrees';
  const retrying = tab.phase === 'waiting' || tab.phase === 'reloading';
  // The answer to a form is never retried: its notice explains that and replaces the retry controls.
  const formAnswer = tab.phase === 'not-retried' && tab.reason === 'post';
  return (
    <>
      <ErrorSummary tab={tab} />
      <VerdictPanel verdict={verdict} tab={tab} sameErrorAt={view.visitorNetwork?.hosts ?? []}>
        {clearFirst && !cookiesFirst && (
          <button type="button" class="primary" onClick={() => actions.clearSiteData(false)}>
            {t('popup_fix_clear_cache')}
          </button>
        )}
        {clearFirst && cookiesFirst && (
          <>
            <button type="button" class="primary" onClick={() => actions.clearSiteData(true)}>
              {t('popup_clear_cookies')}
            </button>
            <p class="small-text">{t('popup_cookies_warning', tab.host)}</p>
          </>
        )}
      </VerdictPanel>
      {view.providerOutage && (
        <ProviderOutageNotice outage={view.providerOutage} readStatus={view.settings.providerStatus} />
      )}
      {formAnswer ? (
        <PostNotice actions={actions} browser={env.browser} />
      ) : (
        <RetryPanel
          tab={tab}
          origin={view.origin}
          maxAttempts={view.settings.maxAttempts}
          now={now}
          actions={actions}
          primary={!clearFirst}
        />
      )}
      {noticeLine}
      <Disclosure
        class="fixes-section"
        summary={t('popup_fixes_title')}
        initiallyOpen={verdict.side !== 'site' || !retrying}
      >
        <FixChecklist
          fixes={verdict.fixes}
          tab={tab}
          url={shareableUrl(tab.url, address)}
          env={env}
          actions={actions}
        />
      </Disclosure>
      <Disclosure
        class="operator-section"
        summary={t('popup_operator_title')}
        initiallyOpen={matchesAnySite(view.settings.operatedSites, tab.host)}
      >
        <Lazy
          load={loadOperatorPanel}
          render={({ OperatorPanel }) => <OperatorPanel tab={tab} checks={checks} copy={actions.copy} />}
        />
      </Disclosure>
      {footer}
    </>
  );
}
