/**
 * The site budget across an update of the extension, which clears storage.session and with it the
 * sites' request times: what the new version must know of the last minute, kept in storage.local.
 * Normal sites keep their request times. A private window's site is never named outside
 * storage.session: when one had requests in the last minute, the new version looks at no site until
 * that minute is over.
 */
import { type OriginSchedule, type RecoveryState, scheduleKey } from '../recovery-state';
import { type Context, type Result, SITE_WINDOW_MS } from './context';
import { newSchedule, recentRequests, withSchedule } from './incident';

export interface CarriedBudget {
  /** Each normal site's request times (the last minute's when written). */
  sites: Record<string, number[]>;
  /** The end of the last private request's minute, when there was one. */
  quiet?: number;
  /** When it was written: a clock set back since shows against it. */
  clock?: number;
}

/** What to keep of the budget: changes only when a request is spent or a schedule goes. */
export function budgetToCarry(state: RecoveryState): CarriedBudget {
  const sites: Record<string, number[]> = {};
  let quiet = state.quiet;
  for (const o of Object.values(state.origins)) {
    if (o.requests.length === 0) continue;
    if (o.private) quiet = Math.max(quiet ?? 0, ...o.requests.map((at) => at + SITE_WINDOW_MS));
    else sites[o.origin] = o.requests;
  }
  return { sites, ...(quiet !== undefined && { quiet }) };
}

/**
 * What to write: the state's times joined with what storage still holds of the last minute. A
 * budget the previous version kept is only taken in at `onInstalled`, and a state change of the new
 * version may come first (a tab's load, a worker that starts for an event): written alone, its
 * empty budget would drop the old minute.
 */
export function joinCarried(held: CarriedBudget, current: CarriedBudget, now: number): CarriedBudget {
  const sites: Record<string, number[]> = {};
  for (const origin of new Set([...Object.keys(held.sites), ...Object.keys(current.sites)])) {
    const times = [...new Set([...(held.sites[origin] ?? []), ...(current.sites[origin] ?? [])])]
      .filter((at) => at > now - SITE_WINDOW_MS)
      .sort((a, b) => a - b);
    if (times.length > 0) sites[origin] = times;
  }
  const quiet = Math.max(held.quiet ?? 0, current.quiet ?? 0);
  return { sites, ...(quiet > now && { quiet }) };
}

/**
 * The stored budget as read back: only the last minute's times, only values of the right kind. A
 * clock set back since the write (the old version had no transition to notice it) moves every time
 * by as much, as the engine does with a stored state (no time is taken to have passed).
 */
export function readCarriedBudget(raw: unknown, now: number): CarriedBudget {
  const sites: Record<string, number[]> = {};
  if (typeof raw !== 'object' || raw === null) return { sites };
  const { sites: stored, quiet, clock } = raw as { sites?: unknown; quiet?: unknown; clock?: unknown };
  const back = typeof clock === 'number' && clock > now ? now - clock : 0;
  if (typeof stored === 'object' && stored !== null) {
    for (const [origin, times] of Object.entries(stored)) {
      if (!Array.isArray(times)) continue;
      const recent = times
        .filter((at): at is number => Number.isFinite(at))
        .map((at) => at + back)
        .filter((at) => at > now - SITE_WINDOW_MS && at <= now);
      if (recent.length > 0) sites[origin] = recent;
    }
  }
  return { sites, ...(typeof quiet === 'number' && quiet + back > now && { quiet: quiet + back }) };
}

/**
 * The extension was updated: the sites' requests of the last minute count again. A site without a
 * schedule gets an idle one that holds only those times (no address, no count) for the minute.
 */
export function budgetCarried(state: RecoveryState, carried: CarriedBudget, ctx: Context): Result {
  let s = state;
  for (const [origin, times] of Object.entries(carried.sites)) {
    const kept = s.origins[scheduleKey({ origin })];
    const base: OriginSchedule = kept ?? {
      ...newSchedule({ origin, url: origin, visible: false, windowId: -1 }, ctx, null),
      forgetAt: ctx.now + SITE_WINDOW_MS,
    };
    const requests = [...new Set([...recentRequests(base, ctx.now), ...times])].sort((a, b) => a - b);
    s = withSchedule(s, { ...base, requests });
  }
  if (carried.quiet !== undefined && carried.quiet > ctx.now)
    s = { ...s, quiet: Math.max(s.quiet ?? 0, carried.quiet) };
  return { state: s, effects: [] };
}
