/** A main-frame load in a tab finished: the entry to the machine. */
import { headerValue, isBotChallenge, keepableHeaders, recogniseLayer } from '../layer';
import type { RecoveryState, TabRecovery } from '../recovery-state';
import { parseRetryAfter } from '../retry-after';
import { parseWebUrl } from '../web-url';
import { type Context, type LoadCompleted, type Result, samePage } from './context';
import { ACTIVE_PHASES, endTab, finalise, newSchedule, notRetriedReason } from './incident';
import { alreadyTracked } from './page-loads';

/** A main-frame load in a tab finished: start, continue or end that tab's incident. */
export function loadCompleted(state: RecoveryState, ev: LoadCompleted, ctx: Context): Result {
  const url = parseWebUrl(ev.url);
  if (!url || ev.tabId < 0) return { state, effects: [] };
  const existing = state.tabs[ev.tabId];
  // A bot check is no outage: the page solves it by itself, and checks without cookies would only
  // meet it again.
  const failed = ctx.settings.codes.includes(ev.statusCode) && !isBotChallenge(ev.headers);
  if (ev.source === 'page' && failed && alreadyTracked(existing, ev.url)) return { state, effects: [] };

  if (!failed) {
    if (!existing) return { state, effects: [] };
    const back = samePage(existing.url, ev.url);
    const ended = endTab(state, ev.tabId, back ? 'recovered' : 'navigated', ctx.now);
    if (back && existing.phase === 'reloading') {
      ended.effects.push({ type: 'notify-recovered', tabId: ev.tabId, host: existing.host });
    }
    return ended;
  }

  let base: Result = { state, effects: [] };
  const continuing = existing && samePage(existing.url, ev.url);
  if (existing && !continuing) base = endTab(state, ev.tabId, 'navigated', ctx.now);
  // A final phase sticks for the same page: a page that reloads itself (meta refresh) restarts nothing.
  if (continuing && !ACTIVE_PHASES.has(existing.phase) && existing.method === ev.method.toUpperCase()) {
    return base;
  }

  const retryAfterSeconds = parseRetryAfter(headerValue(ev.headers, 'retry-after'), ctx.now);
  const tab: TabRecovery = {
    tabId: ev.tabId,
    url: ev.url,
    origin: url.origin,
    host: url.hostname,
    code: ev.statusCode,
    method: ev.method.toUpperCase(),
    layer: recogniseLayer(ev.headers),
    headers: keepableHeaders(ev.headers),
    retryAfterSeconds,
    requestMs: ev.requestMs ?? null,
    startedAt: continuing ? existing.startedAt : ctx.now,
    phase: 'waiting',
    reloadedAt: continuing ? existing.reloadedAt : null,
    recorded: false,
    triedFixes: continuing ? existing.triedFixes : [],
    ...(ev.source ? { source: ev.source } : {}),
  };
  let s: RecoveryState = { ...base.state, tabs: { ...base.state.tabs, [ev.tabId]: tab } };
  const effects = [...base.effects];

  const reason = notRetriedReason(tab, ctx.settings);
  if (reason) {
    const done = finalise(s, tab, 'not-retried', 'not-retried', ctx.now, reason);
    return { state: done.state, effects: [...effects, ...done.effects] };
  }

  const schedule = s.origins[tab.origin];
  if (schedule && schedule.attempts >= ctx.settings.maxAttempts) {
    // Our last reload failed too and no attempt is left: give up rather than check once more.
    const done = finalise(s, tab, 'gave-up', 'gave-up', ctx.now);
    return { state: done.state, effects: [...effects, ...done.effects] };
  }
  if (!schedule) {
    s = {
      ...s,
      origins: { ...s.origins, [tab.origin]: newSchedule(tab.origin, ev.url, ctx, retryAfterSeconds) },
    };
  } else if (retryAfterSeconds !== null) {
    const notBefore = Math.max(schedule.notBefore, ctx.now + retryAfterSeconds * 1000);
    const nextCheckAt = Math.max(schedule.nextCheckAt, notBefore);
    s = { ...s, origins: { ...s.origins, [tab.origin]: { ...schedule, nextCheckAt, notBefore } } };
  }
  return { state: s, effects };
}
