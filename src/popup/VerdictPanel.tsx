import type { ComponentChildren } from 'preact';
import type { TabRecovery } from '../core/recovery-state';
import type { Verdict } from '../core/verdict';
import { t } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import { HopDiagram } from './HopDiagram';

/** Whose side the problem is on, why we think so, and the path that shows it. */
export function VerdictPanel({
  verdict,
  tab,
  sameErrorAt,
  children,
}: {
  verdict: Verdict;
  tab: TabRecovery;
  /** The unrelated sites that failed with the same error, for the visitor's-network reason. */
  sameErrorAt: readonly string[];
  children?: ComponentChildren;
}) {
  const [first, ...rest] = sameErrorAt;
  const detail =
    verdict.reason === 'visitor-network' && first
      ? rest.length === 0
        ? first
        : t('popup_outage_sites', [first, String(rest.length)])
      : layerName(tab.layer);
  return (
    <section class={`verdict verdict-${verdict.side}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t(`popup_verdict_${verdict.side}`)}</h2>
      <p>{t(`popup_reason_${verdict.reason.replaceAll('-', '_')}`, detail)}</p>
      <HopDiagram hops={verdict.hops} answeredBy={tab.layer} host={tab.host} />
      {children}
    </section>
  );
}
