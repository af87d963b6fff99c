/** Starting and ending a tab's incident, and the site schedule and budget every transition shares. */
import { backoffDelayMs, waitAfterSlotMs } from '../backoff';
import { boundIncident } from '../bounds';
import { errorSignature } from '../error-signature';
import {
  type Incident,
  type IncidentOutcome,
  type OriginSchedule,
  type RecoveryState,
  scheduleKey,
  type TabRecovery,
} from '../recovery-state';
import type { Settings } from '../settings';
import { matchesAnySite } from '../site-pattern';
import {
  COOL_DOWN_MS,
  type Context,
  type Effect,
  policyFor,
  type Result,
  SITE_WINDOW_MAX,
  SITE_WINDOW_MS,
} from './context';

export const ACTIVE_PHASES = new Set(['waiting', 'reloading']);

export function incidentOf(
  tab: TabRecovery,
  origin: OriginSchedule | undefined,
  outcome: IncidentOutcome,
  now: number,
): Incident {
  const checks = origin?.checks.filter((c) => c.at >= tab.startedAt) ?? [];
  const signature = errorSignature(tab);
  return boundIncident({
    id: `${tab.startedAt}-${tab.tabId}`,
    host: tab.host,
    url: tab.url,
    code: tab.code,
    ...(tab.failure && { failure: tab.failure }),
    method: tab.method,
    layer: tab.layer,
    ...(tab.confidence === 'probable' && { confidence: tab.confidence }),
    chain: tab.chain,
    ...(signature && { signature }),
    startedAt: tab.startedAt,
    endedAt: now,
    attempts: origin?.attempts ?? 0,
    outcome,
    ...(tab.answeredWith !== undefined && { answeredWith: tab.answeredWith }),
    checks,
  });
}

/** The history entry for a tab's incident, once; a private tab's never (nothing of it outlives its window). */
function recordOf(
  tab: TabRecovery,
  origin: OriginSchedule | undefined,
  outcome: IncidentOutcome,
  now: number,
): Effect[] {
  return tab.recorded || tab.private
    ? []
    : [{ type: 'record', incident: incidentOf(tab, origin, outcome, now) }];
}

/** The tabs that use the schedule under `key`. */
export function tabsOf(state: RecoveryState, key: string): TabRecovery[] {
  return Object.values(state.tabs).filter((t) => scheduleKey(t) === key);
}

/**
 * Schedules no waiting or reloading tab needs any more start their cool-down (no timer is left
 * behind; the count stays so a new incident of the site goes on from it); cooled-down ones go. A
 * private schedule cools down only while a private window it served is open: it goes with the last
 * of them (or at once when none is known). A kept schedule checks the address of a tab still active.
 */
export function pruneOrigins(state: RecoveryState, now: number, coolDownMs = COOL_DOWN_MS): RecoveryState {
  const active = Object.values(state.tabs).filter((t) => ACTIVE_PHASES.has(t.phase));
  let changed = false;
  const origins: Record<string, OriginSchedule> = {};
  for (const [key, o] of Object.entries(state.origins)) {
    const tabs = active.filter((t) => scheduleKey(t) === key);
    if (tabs.length > 0) {
      const probeUrl = tabs.some((t) => t.url === o.probeUrl) ? o.probeUrl : tabs[0]!.url;
      const kept = o.forgetAt === null && probeUrl === o.probeUrl ? o : { ...o, forgetAt: null, probeUrl };
      changed ||= kept !== o;
      origins[key] = kept;
    } else if (o.private && !o.windows?.length) {
      changed = true;
    } else if (o.forgetAt === null) {
      // Idle: nothing of a page's address is kept, only the count and the minute's requests.
      origins[key] = {
        ...o,
        forgetAt: now + coolDownMs,
        probeUrl: o.origin,
        checkingSince: null,
        checkingBy: null,
      };
      changed = true;
    } else if (o.forgetAt !== null && o.forgetAt > now) {
      origins[key] = o;
    } else {
      changed = true;
    }
  }
  return changed ? { ...state, origins } : state;
}

/** Ends a tab's incident: removes it and records it unless it was recorded on entering a final phase. */
export function endTab(
  state: RecoveryState,
  tabId: number,
  outcome: IncidentOutcome,
  now: number,
  coolDownMs = COOL_DOWN_MS,
): Result {
  const tab = state.tabs[tabId];
  if (!tab) return { state, effects: [] };
  const { [tabId]: _gone, ...tabs } = state.tabs;
  const effects = recordOf(tab, state.origins[scheduleKey(tab)], outcome, now);
  return { state: pruneOrigins({ ...state, tabs }, now, coolDownMs), effects };
}

/** Puts a tab into a final phase (gave up, stopped, not retried, another error) and records the incident once. */
export function finalise(
  state: RecoveryState,
  tab: TabRecovery,
  phase: 'gave-up' | 'stopped' | 'not-retried' | 'answered-other',
  outcome: IncidentOutcome,
  now: number,
  reason?: TabRecovery['reason'],
): Result {
  const schedule = state.origins[scheduleKey(tab)];
  const endedWith = schedule && {
    attempts: schedule.attempts,
    allowance: schedule.allowance,
    lastCheck: schedule.lastCheck,
    checkBy: schedule.checkBy,
  };
  const next: TabRecovery = { ...tab, phase, reason, recorded: true, endedWith, reloadKind: undefined };
  const effects = recordOf(tab, schedule, outcome, now);
  return { state: pruneOrigins({ ...state, tabs: { ...state.tabs, [tab.tabId]: next } }, now), effects };
}

/** A new schedule for the tab's site; a private tab's is private, and knows the tab's window. */
export function newSchedule(
  tab: Pick<TabRecovery, 'origin' | 'url' | 'visible' | 'private' | 'windowId'>,
  ctx: Context,
  retryAfterSeconds: number | null,
): OriginSchedule {
  const notBefore = ctx.now + (retryAfterSeconds ?? 0) * 1000;
  return withWindowOf(tab, {
    origin: tab.origin,
    probeUrl: tab.url,
    attempts: 0,
    slot: 0,
    allowance: ctx.settings.maxAttempts,
    limit: ctx.settings.maxAttempts,
    requests: [],
    checkBy: 'fetch',
    forgetAt: null,
    nextCheckAt: Math.max(
      ctx.now + backoffDelayMs(0, policyFor(ctx.settings, tab.visible), ctx.random),
      notBefore,
    ),
    notBefore,
    checkingSince: null,
    checkingBy: null,
    lastCheck: null,
    checks: [],
    startedAt: ctx.now,
  });
}

/**
 * The settings' limit changed: the site's allowance moves by as much ("Try again" keeps what it
 * added), never below the checks already made, so a site past a lowered limit gives up at once.
 */
export function withLimit(o: OriginSchedule, settings: Settings): OriginSchedule {
  const limit = o.limit ?? o.allowance;
  if (limit === settings.maxAttempts) return o;
  const allowance = Math.max(o.attempts, o.allowance + settings.maxAttempts - limit);
  return { ...o, allowance, limit: settings.maxAttempts };
}

/** A private schedule remembers the private windows its tabs were in: it lasts no longer than they do. */
export function withWindowOf(
  tab: Pick<TabRecovery, 'private' | 'windowId'>,
  o: OriginSchedule,
): OriginSchedule {
  if (!tab.private) return o;
  const windows = o.windows ?? [];
  if (tab.windowId < 0 || windows.includes(tab.windowId)) return o.private ? o : { ...o, private: true };
  return { ...o, private: true, windows: [...windows, tab.windowId] };
}

export function notRetriedReason(tab: TabRecovery, settings: Settings): TabRecovery['reason'] | undefined {
  // A kind of unanswered load turned off in the options is not retried either.
  if (!settings.enabled || (tab.failure && !settings.failures.includes(tab.failure))) return 'disabled';
  if (matchesAnySite(settings.excludedSites, tab.host)) return 'excluded';
  // Only GET is ever retried: a reload of a POST would resubmit the visitor's form.
  if (tab.method !== 'GET') return 'post';
  return undefined;
}

/**
 * Whether any waiting or reloading tab of the site is the one shown in its window: its site gets the
 * quicker schedule. A name that does not resolve never does: it waits on the resolver's side (a DNS
 * change spreading, a record put back), which a check every few seconds does not hurry.
 */
export function siteVisible(state: RecoveryState, key: string): boolean {
  return tabsOf(state, key).some((t) => t.visible && ACTIVE_PHASES.has(t.phase) && t.failure !== 'dns');
}

const slotOf = (o: OriginSchedule) => o.slot ?? o.attempts;

/** The wait before the site's planned slot, for a look that came outside the schedule (the page's own). */
export function slotDelayMs(state: RecoveryState, o: OriginSchedule, ctx: Context): number {
  return backoffDelayMs(slotOf(o), policyFor(ctx.settings, siteVisible(state, scheduleKey(o))), ctx.random);
}

/**
 * After a failed look at the site's planned slot: the next slot it checks at, on the visible or the
 * background schedule, and the wait until it.
 */
export function nextSlot(
  state: RecoveryState,
  o: OriginSchedule,
  ctx: Context,
): { slot: number; waitMs: number } {
  const policy = policyFor(ctx.settings, siteVisible(state, scheduleKey(o)));
  const from = slotOf(o);
  return { slot: from + policy.stride, waitMs: waitAfterSlotMs(from, policy, ctx.random) };
}

/** The site's requests in the window that ends now. */
export function recentRequests(o: OriginSchedule, now: number): number[] {
  return o.requests.filter((at) => at > now - SITE_WINDOW_MS && at <= now);
}

/**
 * The earliest time the budget allows the site's next look: a check by the tab is one request; our
 * own check keeps room for the reload that follows an answer, so it needs two. The budget is the
 * site's, whatever window asks: a private schedule's requests count against the normal one's, and
 * the other way round (only the times, never shown). The other schedule's check in flight holds its
 * room for the reload that may follow it too: two checks started together, each with room for its
 * own reload, sent 9 requests in a minute.
 */
export function budgetFreeAt(state: RecoveryState, o: OriginSchedule, now: number): number {
  if (state.quiet !== undefined && state.quiet > now) return state.quiet;
  const need = o.checkBy === 'fetch' ? 2 : 1;
  const site = Object.values(state.origins).filter((other) => other.origin === o.origin);
  const held = site.filter(
    (other) => scheduleKey(other) !== scheduleKey(o) && other.checkingSince !== null,
  ).length;
  const recent = site.flatMap((other) => recentRequests(other, now)).sort((a, b) => a - b);
  const over = Math.min(recent.length, recent.length + held + need - SITE_WINDOW_MAX);
  return over <= 0 ? now : recent[over - 1]! + SITE_WINDOW_MS;
}

/** Records one request to the site now. */
export function spend(o: OriginSchedule, now: number): OriginSchedule {
  return { ...o, requests: [...recentRequests(o, now), now] };
}

export function withSchedule(state: RecoveryState, o: OriginSchedule): RecoveryState {
  return { ...state, origins: { ...state.origins, [scheduleKey(o)]: o } };
}

export function withTab(state: RecoveryState, t: TabRecovery): RecoveryState {
  return { ...state, tabs: { ...state.tabs, [t.tabId]: t } };
}
