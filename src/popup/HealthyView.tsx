import type { TabView } from '../core/messages';
import { failureOf } from '../core/net-errors';
import type { Incident } from '../core/recovery-state';
import { failureTitle } from '../ui/failure-text';
import { t, tn } from '../ui/i18n';
import { codeTitle, timeAgo } from './format';

/** The code and its title, or for a load that got no answer, its kind. */
function IncidentError({ incident }: { incident: Incident }) {
  const failure = failureOf(incident);
  if (failure) return <>{failureTitle(failure)}</>;
  return (
    <>
      <span class="tabular">{incident.code}</span> {codeTitle(incident.code)}
    </>
  );
}

/** No gateway error on this tab: say so calmly, with this site's recent incidents if any. */
export function HealthyView({ view }: { view: TabView }) {
  const recent = view.siteHistory.slice(0, 5);
  return (
    <>
      <header class="summary">
        <h1>{t('popup_healthy_title')}</h1>
        <p role="status">
          {view.settings.enabled ? t('popup_healthy_watching') : t('popup_healthy_disabled')}
        </p>
      </header>
      {recent.length > 0 && (
        <section class="history" aria-labelledby="history-title">
          <h2 id="history-title">{t('popup_history_title', recent[0]!.host)}</h2>
          <ul>
            {recent.map((incident) => (
              <li key={incident.id}>
                <IncidentError incident={incident} />
                <span class="muted">
                  {' · '}
                  {timeAgo(incident.startedAt, view.now)}
                  {' · '}
                  {t(
                    `popup_outcome_${incident.outcome.replaceAll('-', '_')}`,
                    String(incident.answeredWith ?? ''),
                  )}
                  {' · '}
                  {tn('popup_history_checks', incident.attempts)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
