import type { ComponentChildren } from 'preact';
import { isProbable } from '../core/layer-confidence';
import type { TabRecovery } from '../core/recovery-state';
import type { Verdict } from '../core/verdict';
import { t, tn } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import { HopDiagram } from './HopDiagram';

/** The reason's sentence; a layer named without proof gets its own, which says "probably". */
function reasonKey(verdict: Verdict, tab: TabRecovery): string {
  const key = `popup_reason_${verdict.reason.replaceAll('-', '_')}`;
  return verdict.reason === 'edge-layer' && isProbable(tab) ? `${key}_probable` : key;
}

// In a private window the cache and cookies to blame are the window's own, and a new private window is the way out.
const PRIVATE_REASONS = new Set<Verdict['reason']>(['check-ok', 'tab-disagrees']);

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
        : tn('popup_outage_sites', rest.length, [first])
      : layerName(tab.layer);
  const suffix = tab.private && PRIVATE_REASONS.has(verdict.reason) ? '_private' : '';
  return (
    <section class={`verdict verdict-${verdict.side}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t(`popup_verdict_${verdict.side}`)}</h2>
      <p>{t(`${reasonKey(verdict, tab)}${suffix}`, detail)}</p>
      <HopDiagram hops={verdict.hops} reading={tab} host={tab.host} />
      {children}
    </section>
  );
}
