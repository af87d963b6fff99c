import { layerNames } from '../core/layer-confidence';
import { clueLines, operatorReport, type ReportLabels, timingHint } from '../core/operator-report';
import type { SiteChecks, TabRecovery } from '../core/recovery-state';
import { formatNumber, t } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import { probablyName } from '../ui/probable-name';
import { CopyButton } from './CopyButton';

const STEPS = ['logs', 'restart', 'timeouts', 'origin', 'scale', 'maintenance'] as const;

function reportLabels(): ReportLabels {
  return {
    title: t('popup_report_title'),
    url: t('popup_report_url'),
    status: t('popup_report_status'),
    answered: t('popup_report_answered'),
    layer: t('popup_report_layer'),
    chain: t('popup_report_chain'),
    evidence: t('popup_report_evidence'),
    duration: t('popup_report_duration'),
    retryAfter: 'Retry-After',
    checks: t('popup_report_checks'),
    lastCheck: t('popup_report_last_check'),
    firstSeen: t('popup_report_first_seen'),
    headers: t('popup_report_headers'),
    none: t('popup_report_none'),
    networkError: t('popup_report_network_error'),
    seconds: (value) => t('popup_seconds', value),
    probably: probablyName,
    timing: {
      'proxy-timeout': t('popup_timing_short_proxy_timeout'),
      instant: t('popup_timing_short_instant'),
      slow: t('popup_timing_short_slow'),
      unknown: t('popup_timing_short_unknown'),
    },
  };
}

/** Seconds in the visitor's digits: two decimals under 10 s, so a fast failure does not read 0.0 (as in the report). */
function seconds(ms: number): string {
  const digits = ms < 10_000 ? 2 : 1;
  return formatNumber(ms / 1000, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The operator's checklist made concrete with this failure's evidence, and a report to send them. */
export function OperatorPanel({
  tab,
  checks,
  copy,
}: {
  tab: TabRecovery;
  /** The site's checks: its live schedule, or what was left when the tab gave up or stopped. */
  checks: SiteChecks | null;
  copy(text: string): Promise<boolean>;
}) {
  const hint = timingHint(tab.requestMs);
  const names = layerNames(tab, layerName, probablyName);
  return (
    <div class="operator">
      <dl class="evidence">
        <dt>{t('popup_report_duration')}</dt>
        <dd>
          {tab.requestMs !== null && (
            <span class="tabular">{t('popup_seconds', seconds(tab.requestMs))} — </span>
          )}
          {t(`popup_timing_${hint.replaceAll('-', '_')}`)}
        </dd>
        <dt>{t('popup_report_layer')}</dt>
        <dd>{names.answeredBy}</dd>
        {tab.chain && tab.chain.length > 1 && (
          <>
            <dt>{t('popup_report_chain')}</dt>
            <dd>{tab.chain.map(names.of).join(' → ')}</dd>
          </>
        )}
        {tab.clues && tab.clues.length > 0 && (
          <>
            <dt>{t('popup_report_evidence')}</dt>
            <dd>
              <ul class="clues">
                {clueLines(tab.clues, names.of).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Retry-After</dt>
        <dd>
          {tab.retryAfterSeconds === null
            ? t('popup_retry_after_missing')
            : t('popup_retry_after_sent', formatNumber(tab.retryAfterSeconds))}
        </dd>
      </dl>
      <ol class="steps">
        {STEPS.map((step) => (
          <li key={step}>{t(`popup_operator_${step}`)}</li>
        ))}
      </ol>
      <CopyButton
        text={operatorReport(tab, checks, layerName, reportLabels())}
        label={t('popup_copy_report')}
        copy={copy}
      />
    </div>
  );
}
