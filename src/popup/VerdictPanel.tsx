import type { ComponentChildren } from 'preact';
import { isProbable } from '../core/layer-confidence';
import type { TabRecovery } from '../core/recovery-state';
import type { Verdict } from '../core/verdict';
import { t } from '../ui/i18n';
import { layerName } from './format';
import { HopDiagram } from './HopDiagram';

/** The reason's sentence; a layer named without proof gets its own, which says "probably". */
function reasonKey(verdict: Verdict, tab: TabRecovery): string {
  const key = `popup_reason_${verdict.reason.replaceAll('-', '_')}`;
  return verdict.reason === 'edge-layer' && isProbable(tab) ? `${key}_probable` : key;
}

/** Whose side the problem is on, why we think so, and the path that shows it. */
export function VerdictPanel({
  verdict,
  tab,
  children,
}: {
  verdict: Verdict;
  tab: TabRecovery;
  children?: ComponentChildren;
}) {
  return (
    <section class={`verdict verdict-${verdict.side}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t(`popup_verdict_${verdict.side}`)}</h2>
      <p>{t(reasonKey(verdict, tab), layerName(tab.layer))}</p>
      <HopDiagram hops={verdict.hops} reading={tab} host={tab.host} />
      {children}
    </section>
  );
}
