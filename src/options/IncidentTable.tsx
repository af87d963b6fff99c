import { layerNames } from '../core/layer-confidence';
import { failureOf } from '../core/net-errors';
import type { Incident } from '../core/recovery-state';
import { failureTitle } from '../ui/failure-text';
import { formatDuration, formatNumber, t } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import { probablyName } from '../ui/probable-name';
import { IncidentTimeline } from './IncidentTimeline';
import { formatDateTime, outcomeLabel } from './labels';

const OUTCOME_TONE: Record<string, string> = { recovered: 'ok', 'gave-up': 'bad' };

/** The code, or for a load that got no answer, its kind. */
function IncidentCode({ incident }: { incident: Incident }) {
  const failure = failureOf(incident);
  return failure ? (
    <span class="code">{failureTitle(failure)}</span>
  ) : (
    <span class="code tabular">{incident.code}</span>
  );
}

export function IncidentTable({ incidents }: { incidents: Incident[] }) {
  return (
    // Scrolls sideways on a narrow window; focusable so the keyboard can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-scroll" aria-labelledby="incidents-heading" tabIndex={0}>
      <table class="incidents">
        <thead>
          <tr>
            <th scope="col">{t('options_colStarted')}</th>
            <th scope="col">{t('options_colSite')}</th>
            <th scope="col">{t('options_colError')}</th>
            <th scope="col">{t('options_colDuration')}</th>
            <th scope="col">{t('options_colAttempts')}</th>
            <th scope="col">{t('options_colOutcome')}</th>
            <th scope="col">{t('options_colChecks')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-incident={incident.id}>
              <td class="nowrap">{formatDateTime(incident.startedAt)}</td>
              <td class="site-cell">
                <bdi class="site" dir="ltr">
                  {incident.host}
                </bdi>
                <bdi class="url muted" dir="ltr">
                  {incident.url}
                </bdi>
              </td>
              <td>
                <IncidentCode incident={incident} />
                <span class="layer muted">{layerNames(incident, layerName, probablyName).answeredBy}</span>
              </td>
              <td class="tabular nowrap">{formatDuration(incident.endedAt - incident.startedAt)}</td>
              <td class="tabular">{formatNumber(incident.attempts)}</td>
              <td>
                <span class={`outcome ${OUTCOME_TONE[incident.outcome] ?? ''}`}>
                  {outcomeLabel(incident.outcome, incident.answeredWith)}
                </span>
              </td>
              <td>
                <IncidentTimeline incident={incident} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
