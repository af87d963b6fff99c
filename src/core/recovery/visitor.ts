/** What the visitor does to a failing tab: close, leave, switch to it, stop, retry, change settings. */
import { type RecoveryState, scheduleKey, type TabRecovery } from '../recovery-state';
import { ACTIVATION_MIN_GAP_MS, type Context, type Effect, type Result, samePage } from './context';
import {
  ACTIVE_PHASES,
  budgetFreeAt,
  endTab,
  finalise,
  newSchedule,
  notRetriedReason,
  pruneOrigins,
  tabsOf,
  withLimit,
  withSchedule,
  withTab,
} from './incident';

export function tabClosed(state: RecoveryState, tabId: number, now: number): Result {
  return endTab(state, tabId, 'closed', now);
}

/**
 * Windows closed (or found gone when the background starts): the private schedules they served
 * forget them, and one that served no open window any more goes with its count.
 */
export function windowsClosed(state: RecoveryState, windowIds: readonly number[], now: number): Result {
  let changed = false;
  const origins = { ...state.origins };
  for (const [key, o] of Object.entries(state.origins)) {
    if (!o.windows?.some((w) => windowIds.includes(w))) continue;
    origins[key] = { ...o, windows: o.windows.filter((w) => !windowIds.includes(w)) };
    changed = true;
  }
  return { state: changed ? pruneOrigins({ ...state, origins }, now) : state, effects: [] };
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

/**
 * The visitor asks to look now: a waiting tab's site is checked at once (as far as the site's budget
 * allows); a gave-up or stopped one starts over with fresh attempts on top of the count so far.
 */
export function retryNow(state: RecoveryState, tabId: number, ctx: Context): Result {
  const tab = state.tabs[tabId];
  if (!tab) return { state, effects: [] };
  // A form's answer is never retried, whatever else held it (retrying off, the site excluded): a
  // reload would send the form again.
  if (tab.method !== 'GET') return { state, effects: [] };
  let s = state;
  if (!ACTIVE_PHASES.has(tab.phase)) {
    const restarted: TabRecovery = {
      ...tab,
      phase: 'waiting',
      reason: undefined,
      answeredWith: undefined,
      recorded: false,
      startedAt: ctx.now,
      endedWith: undefined,
    };
    s = withTab(s, restarted);
  }
  // A private tab's site stays private, whatever the visitor clicks.
  const kept = s.origins[scheduleKey(tab)];
  const schedule = kept ? withLimit(kept, ctx.settings) : newSchedule(tab, ctx, null);
  const allowance = ACTIVE_PHASES.has(tab.phase)
    ? schedule.allowance
    : Math.max(schedule.allowance, schedule.attempts + ctx.settings.maxAttempts);
  const nextCheckAt = budgetFreeAt(s, schedule, ctx.now);
  const probeUrl = schedule.probeUrl === schedule.origin ? tab.url : schedule.probeUrl;
  s = withSchedule(s, { ...schedule, allowance, nextCheckAt, probeUrl, forgetAt: null });
  return { state: s, effects: [] };
}

/**
 * The visitor switched to a tab. It becomes the shown one of its window (its site gets the quicker
 * schedule); if it waits, its site is checked at once, or 3 s after the site's last look, never
 * before the server's `Retry-After` nor past the site's budget.
 */
export function tabActivated(state: RecoveryState, tabId: number, windowId: number, now: number): Result {
  let s = state;
  for (const t of Object.values(state.tabs)) {
    const visible = t.tabId === tabId;
    if (t.visible !== visible && (visible || t.windowId === windowId)) s = withTab(s, { ...t, visible });
  }
  const tab = s.tabs[tabId];
  const o = tab && s.origins[scheduleKey(tab)];
  if (!tab || !o || tab.phase !== 'waiting' || o.checkingSince !== null) return { state: s, effects: [] };
  if (tabsOf(s, scheduleKey(o)).some((t) => t.phase === 'reloading')) return { state: s, effects: [] };
  const lastAt = o.lastCheck?.at ?? o.startedAt;
  const at = Math.max(now, lastAt + ACTIVATION_MIN_GAP_MS, o.notBefore, budgetFreeAt(s, o, now));
  if (at >= o.nextCheckAt) return { state: s, effects: [] };
  return { state: withSchedule(s, { ...o, nextCheckAt: at }), effects: [] };
}

/**
 * A main-frame request started in the tab (link, typed address, back/forward, form): if it is not
 * the failing page, the incident ends now, before the new page answers, so no reload of ours can
 * replace it.
 */
export function navigationStarted(state: RecoveryState, tabId: number, url: string, now: number): Result {
  const tab = state.tabs[tabId];
  if (!tab || samePage(tab.url, url)) return { state, effects: [] };
  return endTab(state, tabId, 'navigated', now);
}

/**
 * Settings changed: tabs of a site now excluded, or all tabs when turned off, stop being retried; a
 * tab not retried for a reason that no longer holds (turned back on, the exclusion removed) is
 * retried again as a new incident, as the visitor's "Try again" would; one that holds for another
 * reason now says that one. A new limit of checks applies to the sites under way: one already at it
 * gives up now.
 */
export function settingsChanged(state: RecoveryState, ctx: Context): Result {
  let s = state;
  for (const o of Object.values(state.origins)) {
    const limited = withLimit(o, ctx.settings);
    if (limited !== o) s = withSchedule(s, limited);
  }
  const effects: Effect[] = [];
  for (const t of Object.values(state.tabs)) {
    const reason = notRetriedReason(t, ctx.settings);
    const o = s.origins[scheduleKey(t)];
    let r: Result | undefined;
    if (ACTIVE_PHASES.has(t.phase)) {
      if (reason) r = finalise(s, s.tabs[t.tabId]!, 'not-retried', 'not-retried', ctx.now, reason);
      else if (o && o.attempts >= o.allowance)
        r = finalise(s, s.tabs[t.tabId]!, 'gave-up', 'gave-up', ctx.now);
    } else if (t.phase === 'not-retried' && t.reason !== 'post' && reason !== t.reason) {
      r = reason
        ? { state: withTab(s, { ...s.tabs[t.tabId]!, reason }), effects: [] }
        : retryNow(s, t.tabId, ctx);
    }
    if (!r) continue;
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

export function markFix(state: RecoveryState, tabId: number, fix: string): Result {
  const tab = state.tabs[tabId];
  if (!tab || tab.triedFixes.includes(fix) || fix.length > 40) return { state, effects: [] };
  const next = { ...tab, triedFixes: [...tab.triedFixes, fix].slice(-20) };
  return { state: { ...state, tabs: { ...state.tabs, [tabId]: next } }, effects: [] };
}
