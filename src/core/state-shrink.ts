/**
 * What to write when the recovery state does not fit (or a write fails): first a smaller copy that
 * keeps every tab and schedule but drops details the popup can live without; failing that, the
 * last stored state without the tabs the change concerned, which the engine then stops acting on.
 */
import { pruneOrigins } from './recovery/incident';
import { type RecoveryState, scheduleKey } from './recovery-state';

/** Checks kept per schedule in a shrunk state: enough for "Checks: N" and the last answer. */
const SHRUNK_CHECKS_KEPT = 3;

/** The same tabs and schedules, without stored headers and with short check lists: what a retry writes. */
export function shrinkState(state: RecoveryState): RecoveryState {
  const tabs: RecoveryState['tabs'] = {};
  for (const [id, t] of Object.entries(state.tabs)) tabs[id] = t.headers.length ? { ...t, headers: [] } : t;
  const origins: RecoveryState['origins'] = {};
  for (const [key, o] of Object.entries(state.origins)) {
    origins[key] =
      o.checks.length > SHRUNK_CHECKS_KEPT ? { ...o, checks: o.checks.slice(-SHRUNK_CHECKS_KEPT) } : o;
  }
  return { ...state, tabs, origins };
}

/** Tabs a change touched: their own entry changed, or the schedule of their site did. */
export function tabsConcerned(before: RecoveryState, after: RecoveryState): number[] {
  const ids = new Set([...Object.keys(before.tabs), ...Object.keys(after.tabs)]);
  const changedOrigins = new Set(
    [...Object.keys(before.origins), ...Object.keys(after.origins)].filter(
      (o) => before.origins[o] !== after.origins[o],
    ),
  );
  return [...ids]
    .filter((id) => {
      const was = before.tabs[id];
      const is = after.tabs[id];
      return was !== is || (is !== undefined && changedOrigins.has(scheduleKey(is)));
    })
    .map(Number);
}

/** The last stored state without the given tabs (and the schedules only they needed). */
export function withoutTabs(state: RecoveryState, tabIds: readonly number[], now: number): RecoveryState {
  const drop = new Set(tabIds.map(String));
  const tabs = Object.fromEntries(Object.entries(state.tabs).filter(([id]) => !drop.has(id)));
  return pruneOrigins({ ...state, tabs }, now);
}
