/** Medians over repeats of the recovery runs, one cell per contender, layout and outage length. */
import type { Contender } from './browser.ts';
import type { RunConfig } from './results.ts';
import type { Layout, RecoveryRun } from './scenarios/recovery.ts';
import { median, medianOrNever, round } from './stats.ts';

export interface RecoveryCell {
  contender: Contender;
  layout: Layout;
  outageS: number;
  repeats: number;
  /** Median ms until every tab showed its content; null: "never" within the bound. */
  recoveryMs: number | null;
  /** Median requests the retrier added during the outage. */
  addedRequests: number;
}

export function summarise(runs: RecoveryRun[]): RecoveryCell[] {
  const groups = new Map<string, RecoveryRun[]>();
  for (const run of runs) {
    const key = `${run.contender}|${run.layout}|${run.outageS}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const { contender, layout, outageS } = group[0]!;
    const recovery = medianOrNever(group.map((r) => r.recoveryMs));
    return {
      contender,
      layout,
      outageS,
      repeats: group.length,
      recoveryMs: recovery === null ? null : round(recovery),
      addedRequests: median(group.map((r) => r.addedRequests)),
    };
  });
}

export function cellOf(
  cells: RecoveryCell[],
  contender: Contender,
  layout: Layout,
  outageS: number,
): RecoveryCell | undefined {
  return cells.find((c) => c.contender === contender && c.layout === layout && c.outageS === outageS);
}

/** Layouts measured at the long outage lengths. */
export const LONG_LAYOUTS: readonly Layout[] = ['one-visible', 'background'];

/**
 * The outage lengths measured for a layout: the extra, off-grid ones only with one visible tab, the
 * long ones with one visible and one background tab (left out with `long: false`, as in the plot).
 */
export function lengthsFor(config: RunConfig, layout: Layout, { long = true } = {}): number[] {
  const extra = layout === 'one-visible' ? config.extraOutagesS : [];
  const longer = long && LONG_LAYOUTS.includes(layout) ? config.longOutagesS : [];
  return [...new Set([...config.outagesS, ...extra, ...longer])].sort((a, b) => a - b);
}
