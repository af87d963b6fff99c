import type { ComponentChildren } from 'preact';
import type { TabRecovery } from '../core/recovery-state';
import type { Verdict } from '../core/verdict';
import { t } from '../ui/i18n';
import { layerName } from './format';
import { HopDiagram } from './HopDiagram';

// In a private window the cache and cookies to blame are the window's own, and a new private window is the way out.
const PRIVATE_REASONS = new Set<Verdict['reason']>(['check-ok', 'tab-disagrees']);

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
  const suffix = tab.private && PRIVATE_REASONS.has(verdict.reason) ? '_private' : '';
  return (
    <section class={`verdict verdict-${verdict.side}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t(`popup_verdict_${verdict.side}`)}</h2>
      <p>{t(`popup_reason_${verdict.reason.replaceAll('-', '_')}${suffix}`, layerName(tab.layer))}</p>
      <HopDiagram hops={verdict.hops} answeredBy={tab.layer} host={tab.host} />
      {children}
    </section>
  );
}
