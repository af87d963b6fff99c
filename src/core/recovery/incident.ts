/** Starting and ending a tab's incident: the helpers every transition shares. */
import { backoffDelayMs } from '../backoff';
import { boundIncident } from '../bounds';
import type {
  Incident,
  IncidentOutcome,
  OriginSchedule,
  RecoveryState,
  TabRecovery,
} from '../recovery-state';
import type { Settings } from '../settings';
import { matchesAnySite } from '../site-pattern';
import { type Context, type Effect, policyFor, type Result } from './context';

export const ACTIVE_PHASES = new Set(['waiting', 'reloading']);

export function incidentOf(
  tab: TabRecovery,
  origin: OriginSchedule | undefined,
  outcome: IncidentOutcome,
  now: number,
): Incident {
  return boundIncident({
    id: `${tab.startedAt}-${tab.tabId}`,
    host: tab.host,
    url: tab.url,
    code: tab.code,
    method: tab.method,
    layer: tab.layer,
    startedAt: tab.startedAt,
    endedAt: now,
    attempts: origin?.attempts ?? 0,
    outcome,
    checks: origin?.checks.filter((c) => c.at >= tab.startedAt) ?? [],
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

export function tabsOf(state: RecoveryState, origin: string): TabRecovery[] {
  return Object.values(state.tabs).filter((t) => t.origin === origin);
}

/**
 * Drops origin schedules no waiting or reloading tab needs any more: no timer is left behind. A kept
 * schedule checks the address of a tab still active, so a private tab's address leaves with it.
 */
export function pruneOrigins(state: RecoveryState): RecoveryState {
  const active = Object.values(state.tabs).filter((t) => ACTIVE_PHASES.has(t.phase));
  const origins: RecoveryState['origins'] = {};
  for (const [key, o] of Object.entries(state.origins)) {
    const tabs = active.filter((t) => t.origin === key);
    if (tabs.length === 0) continue;
    origins[key] = tabs.some((t) => t.url === o.probeUrl) ? o : { ...o, probeUrl: tabs[0]!.url };
  }
  return { ...state, origins };
}

/** Ends a tab's incident: removes it and records it unless it was recorded on entering a final phase. */
export function endTab(state: RecoveryState, tabId: number, outcome: IncidentOutcome, now: number): Result {
  const tab = state.tabs[tabId];
  if (!tab) return { state, effects: [] };
  const { [tabId]: _gone, ...tabs } = state.tabs;
  const effects = recordOf(tab, state.origins[tab.origin], outcome, now);
  return { state: pruneOrigins({ ...state, tabs }), effects };
}

/** Puts a tab into a final phase (gave up, stopped, not retried) and records the incident once. */
export function finalise(
  state: RecoveryState,
  tab: TabRecovery,
  phase: 'gave-up' | 'stopped' | 'not-retried',
  outcome: IncidentOutcome,
  now: number,
  reason?: TabRecovery['reason'],
): Result {
  const schedule = state.origins[tab.origin];
  const endedWith = schedule && { attempts: schedule.attempts, lastCheck: schedule.lastCheck };
  const next: TabRecovery = { ...tab, phase, reason, recorded: true, endedWith };
  const effects = recordOf(tab, schedule, outcome, now);
  return { state: pruneOrigins({ ...state, tabs: { ...state.tabs, [tab.tabId]: next } }), effects };
}

export function newSchedule(
  origin: string,
  url: string,
  ctx: Context,
  retryAfterSeconds: number | null,
): OriginSchedule {
  const notBefore = ctx.now + (retryAfterSeconds ?? 0) * 1000;
  return {
    origin,
    probeUrl: url,
    attempts: 0,
    nextCheckAt: Math.max(ctx.now + backoffDelayMs(0, policyFor(ctx.settings), ctx.random), notBefore),
    notBefore,
    checkingSince: null,
    checkingBy: null,
    lastCheck: null,
    checks: [],
    startedAt: ctx.now,
  };
}

export function notRetriedReason(tab: TabRecovery, settings: Settings): TabRecovery['reason'] | undefined {
  if (!settings.enabled) return 'disabled';
  if (matchesAnySite(settings.excludedSites, tab.host)) return 'excluded';
  // Only GET is ever retried: a reload of a POST would resubmit the visitor's form.
  if (tab.method !== 'GET') return 'post';
  return undefined;
}
