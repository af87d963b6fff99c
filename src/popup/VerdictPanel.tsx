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
  children,
}: {
  verdict: Verdict;
  tab: TabRecovery;
  children?: ComponentChildren;
}) {
  return (
    <section class={`verdict verdict-${verdict.side}`} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t(`popup_verdict_${verdict.side}`)}</h2>
      <p>{t(`popup_reason_${verdict.reason.replaceAll('-', '_')}`, layerName(tab.layer))}</p>
      <HopDiagram hops={verdict.hops} answeredBy={tab.layer} host={tab.host} />
      {children}
    </section>
  );
}
