/** What the visitor does to a failing tab: close, leave, switch to it, stop, retry, change settings. */
import type { RecoveryState, TabRecovery } from '../recovery-state';
import { ACTIVATION_MIN_GAP_MS, type Context, type Effect, type Result, samePage } from './context';
import { ACTIVE_PHASES, endTab, finalise, newSchedule, notRetriedReason } from './incident';

export function tabClosed(state: RecoveryState, tabId: number, now: number): Result {
  return endTab(state, tabId, 'closed', now);
}

/** The tab's address changed (typed URL, link, back/forward): its incident ends unless it is the same page. */
export function tabUrlChanged(state: RecoveryState, tabId: number, url: string, now: number): Result {
  const tab = state.tabs[tabId];
  if (!tab || samePage(tab.url, url)) return { state, effects: [] };
  return endTab(state, tabId, 'navigated', now);
}

export function stopTab(state: RecoveryState, tabId: number, now: number): Result {
  const tab = state.tabs[tabId];
  if (!tab || !ACTIVE_PHASES.has(tab.phase)) return { state, effects: [] };
  return finalise(state, tab, 'stopped', 'stopped', now);
}

/** The visitor asks to check now: a waiting tab's site is checked at once; a gave-up or stopped one starts over. */
export function retryNow(state: RecoveryState, tabId: number, ctx: Context): Result {
  const tab = state.tabs[tabId];
  if (!tab) return { state, effects: [] };
  if (tab.phase === 'not-retried' && tab.reason === 'post') return { state, effects: [] };
  let s = state;
  if (!ACTIVE_PHASES.has(tab.phase)) {
    const restarted: TabRecovery = {
      ...tab,
      phase: 'waiting',
      reason: undefined,
      recorded: false,
      startedAt: ctx.now,
      endedWith: undefined,
    };
    s = { ...s, tabs: { ...s.tabs, [tabId]: restarted } };
  }
  const schedule = s.origins[tab.origin] ?? newSchedule(tab.origin, tab.url, ctx, null);
  s = { ...s, origins: { ...s.origins, [tab.origin]: { ...schedule, nextCheckAt: ctx.now } } };
  return { state: s, effects: [] };
}

/** The visitor switched to a failing tab: check it now, unless it was checked a moment ago or the server asked for a pause. */
export function tabActivated(state: RecoveryState, tabId: number, now: number): Result {
  const tab = state.tabs[tabId];
  const o = tab && state.origins[tab.origin];
  if (!tab || !o || tab.phase !== 'waiting' || o.nextCheckAt <= now) return { state, effects: [] };
  const lastAt = o.lastCheck?.at ?? o.startedAt;
  if (now - lastAt < ACTIVATION_MIN_GAP_MS || now < o.notBefore) return { state, effects: [] };
  return {
    state: { ...state, origins: { ...state.origins, [o.origin]: { ...o, nextCheckAt: now } } },
    effects: [],
  };
}

/** Settings changed: tabs of a site now excluded, or all tabs when turned off, stop being retried. */
export function settingsChanged(state: RecoveryState, ctx: Context): Result {
  let s = state;
  const effects: Effect[] = [];
  for (const t of Object.values(state.tabs)) {
    if (!ACTIVE_PHASES.has(t.phase)) continue;
    const reason = notRetriedReason(t, ctx.settings);
    if (!reason) continue;
    const done = finalise(s, s.tabs[t.tabId]!, 'not-retried', 'not-retried', ctx.now, reason);
    s = done.state;
    effects.push(...done.effects);
  }
  return { state: s, effects };
}

export function markFix(state: RecoveryState, tabId: number, fix: string): Result {
  const tab = state.tabs[tabId];
  if (!tab || tab.triedFixes.includes(fix) || fix.length > 40) return { state, effects: [] };
  const next = { ...tab, triedFixes: [...tab.triedFixes, fix].slice(-20) };
  return { state: { ...state, tabs: { ...state.tabs, [tabId]: next } }, effects: [] };
}
