/** Checks of failing sites: starting the due ones, their answers, and when to wake up next. */
import { backoffDelayMs } from '../backoff';
import type { CheckResult, OriginSchedule, RecoveryState } from '../recovery-state';
import { parseRetryAfter } from '../retry-after';
import {
  CHECK_LEASE_MS,
  type Context,
  type Effect,
  MAX_CHECKS_KEPT,
  policyFor,
  RELOAD_TIMEOUT_MS,
  type Result,
} from './context';
import { finalise, pruneOrigins, tabsOf } from './incident';
import { pageReturn } from './page-loads';

function checkIsLive(o: OriginSchedule, runId: string, now: number): boolean {
  return o.checkingSince !== null && o.checkingBy === runId && now - o.checkingSince < CHECK_LEASE_MS;
}

/** Starts the checks that are due: at most one in flight per origin, only for origins with a waiting tab. */
export function startDueChecks(state: RecoveryState, ctx: Context, runId: string): Result {
  let s = expireReloads(state, ctx.now);
  const effects: Effect[] = [];
  for (const o of Object.values(s.origins)) {
    if (o.nextCheckAt > ctx.now || checkIsLive(o, runId, ctx.now)) continue;
    if (!tabsOf(s, o.origin).some((t) => t.phase === 'waiting')) continue;
    const started: OriginSchedule = { ...o, checkingSince: ctx.now, checkingBy: runId };
    s = { ...s, origins: { ...s.origins, [o.origin]: started } };
    effects.push({ type: 'probe', origin: o.origin, url: o.probeUrl });
  }
  return { state: s, effects };
}

/** Reloads of ours that never completed (network error, discarded tab) go back to waiting. */
function expireReloads(state: RecoveryState, now: number): RecoveryState {
  let tabs = state.tabs;
  for (const t of Object.values(state.tabs)) {
    if (t.phase === 'reloading' && t.reloadedAt !== null && now - t.reloadedAt > RELOAD_TIMEOUT_MS) {
      tabs = { ...tabs, [t.tabId]: { ...t, phase: 'waiting' } };
    }
  }
  return tabs === state.tabs ? state : { ...state, tabs };
}

/** When the next wake-up is needed, or null when nothing is pending. */
export function nextWakeAt(state: RecoveryState, runId: string): number | null {
  let next: number | null = null;
  const consider = (at: number) => {
    next = next === null ? at : Math.min(next, at);
  };
  for (const o of Object.values(state.origins)) {
    const tabs = tabsOf(state, o.origin);
    if (tabs.some((t) => t.phase === 'waiting')) {
      consider(
        o.checkingSince !== null && o.checkingBy === runId ? o.checkingSince + CHECK_LEASE_MS : o.nextCheckAt,
      );
    }
    for (const t of tabs) {
      if (t.phase === 'reloading' && t.reloadedAt !== null) consider(t.reloadedAt + RELOAD_TIMEOUT_MS + 1);
    }
  }
  return next;
}

export interface CheckReport {
  origin: string;
  runId: string;
  /** HTTP status, or null for a network-level failure (refused, reset, timed out). */
  status: number | null;
  retryAfter?: string | null;
}

/** A check finished: reload the origin's tabs if the site answers, else schedule the next or give up. */
export function checkFinished(state: RecoveryState, report: CheckReport, ctx: Context): Result {
  const o = state.origins[report.origin];
  // The origin ended meanwhile, or this check belongs to a worker run that is no longer current.
  if (!o || o.checkingBy !== report.runId) return { state, effects: [] };
  const ok = report.status !== null && !ctx.settings.codes.includes(report.status);
  const check: CheckResult = { at: ctx.now, ok, status: report.status };
  const attempts = o.attempts + 1;
  const retryAfter = ok ? null : parseRetryAfter(report.retryAfter, ctx.now);
  const notBefore = ctx.now + (retryAfter ?? 0) * 1000;
  const updated: OriginSchedule = {
    ...o,
    attempts,
    checkingSince: null,
    checkingBy: null,
    lastCheck: check,
    checks: [...o.checks, check].slice(-MAX_CHECKS_KEPT),
    nextCheckAt: Math.max(ctx.now + backoffDelayMs(attempts, policyFor(ctx.settings), ctx.random), notBefore),
    notBefore,
  };
  let s: RecoveryState = { ...state, origins: { ...state.origins, [o.origin]: updated } };
  const waiting = tabsOf(s, o.origin).filter((t) => t.phase === 'waiting');
  const effects: Effect[] = [];

  if (ok) {
    for (const t of waiting) {
      s = { ...s, tabs: { ...s.tabs, [t.tabId]: { ...t, phase: 'reloading', reloadedAt: ctx.now } } };
      effects.push(t.source === 'page' ? pageReturn(t) : { type: 'reload', tabId: t.tabId });
    }
    return { state: s, effects };
  }
  if (attempts >= ctx.settings.maxAttempts) {
    for (const t of waiting) {
      const done = finalise(s, s.tabs[t.tabId]!, 'gave-up', 'gave-up', ctx.now);
      s = done.state;
      effects.push(...done.effects);
    }
  }
  return { state: pruneOrigins(s), effects };
}
