import { useEffect, useRef, useState } from 'preact/hooks';
import { exportFileName, historyToCsv, historyToJson } from '../core/history-export';
import { historySites, weeklyFailures } from '../core/history-stats';
import type { Incident } from '../core/recovery-state';
import { formatNumber, t, tn } from '../ui/i18n';
import { ConfirmButton } from './ConfirmButton';
import { downloadText } from './download';
import { IncidentTable } from './IncidentTable';
import { SiteFailureChart } from './SiteFailureChart';

export const CHART_WEEKS = 8;

interface Props {
  history: Incident[];
  now: number;
  onClear(): void;
  /** Where exports go; the page saves files, tests collect them. */
  save?: typeof downloadText;
}

export function HistorySection({ history, now, onClear, save = downloadText }: Props) {
  const [chosenSite, setChosenSite] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const sites = historySites(history);
  const site = sites.includes(chosenSite) ? chosenSite : '';
  const shown = site ? history.filter((i) => i.host === site) : history;
  const weekly = weeklyFailures(shown, now, CHART_WEEKS);
  const scaleMax = Math.max(1, ...weekly.flatMap((s) => s.counts));

  // Clearing removes the buttons; focus then goes to the heading, not to the top of the page.
  const hadHistory = useRef(history.length > 0);
  useEffect(() => {
    const lostFocus = !document.activeElement || document.activeElement === document.body;
    if (hadHistory.current && history.length === 0 && lostFocus) heading.current?.focus();
    hadHistory.current = history.length > 0;
  }, [history.length]);

  return (
    <section id="history" aria-labelledby="history-heading">
      <h2 id="history-heading" ref={heading} tabIndex={-1}>
        {t('options_historyHeading')}
      </h2>
      <p class="muted" id="history-private-note">
        {t('options_historyPrivateNote')}
      </p>
      {history.length === 0 ? (
        <p class="card muted" data-testid="history-empty">
          {t('options_historyEmpty')}
        </p>
      ) : (
        <>
          <div class="toolbar">
            <label for="history-site">{t('options_historyFilterLabel')}</label>
            <select id="history-site" value={site} onChange={(e) => setChosenSite(e.currentTarget.value)}>
              <option value="">{t('options_historyAllSites', formatNumber(history.length))}</option>
              {sites.map((host) => (
                <option key={host} value={host}>
                  {host}
                </option>
              ))}
            </select>
            <span class="toolbar-gap" />
            <button
              type="button"
              id="export-json"
              onClick={() =>
                save(exportFileName('json', new Date(now)), historyToJson(shown), 'application/json')
              }
            >
              {t('options_exportJson')}
            </button>
            <button
              type="button"
              id="export-csv"
              onClick={() => save(exportFileName('csv', new Date(now)), historyToCsv(shown), 'text/csv')}
            >
              {t('options_exportCsv')}
            </button>
            <ConfirmButton
              id="clear-history"
              label={t('options_clearHistory')}
              question={t('options_clearHistoryQuestion')}
              confirmLabel={t('options_clearHistoryConfirm')}
              onConfirm={onClear}
            />
          </div>

          <h3 id="weekly-heading">{tn('options_weeklyHeading', CHART_WEEKS)}</h3>
          <ul class="weekly card" aria-labelledby="weekly-heading">
            {weekly.length === 0 ? (
              <li class="muted">{tn('options_weeklyNone', CHART_WEEKS)}</li>
            ) : (
              weekly.map((s) => (
                <li key={s.host}>
                  <bdi class="site" dir="ltr">
                    {s.host}
                  </bdi>
                  <SiteFailureChart host={s.host} counts={s.counts} scaleMax={scaleMax} now={now} />
                  <span class="tabular total" aria-hidden="true">
                    {formatNumber(s.total)}
                  </span>
                </li>
              ))
            )}
          </ul>

          <h3 id="incidents-heading">{t('options_incidentsHeading', formatNumber(shown.length))}</h3>
          <IncidentTable incidents={shown} />
        </>
      )}
    </section>
  );
}
