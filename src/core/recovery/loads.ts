/** A main-frame load in a tab finished: the entry to the machine. */
import { boundUrl } from '../bounds';
import { headerValue, isBotChallenge, keepableHeaders, recogniseLayers } from '../layer';
import {
  type CheckResult,
  type OriginSchedule,
  type RecoveryState,
  scheduleKey,
  type TabRecovery,
} from '../recovery-state';
import { parseRetryAfter } from '../retry-after';
import { parseWebUrl } from '../web-url';
import { attemptFailed, reloadTab } from './checks';
import {
  COOL_DOWN_AFTER_RECOVERY_MS,
  type Context,
  type Effect,
  type LoadCompleted,
  MAX_CHECKS_KEPT,
  PAGE_RETRY_GRACE,
  policyFor,
  type Result,
  samePage,
} from './context';
import {
  ACTIVE_PHASES,
  endTab,
  finalise,
  newSchedule,
  notRetriedReason,
  slotDelayMs,
  tabsOf,
  withSchedule,
  withTab,
  withWindowOf,
} from './incident';
import { alreadyTracked } from './page-loads';
import { parseRefreshSeconds } from './page-refresh';

/** A main-frame load in a tab finished: start, continue or end that tab's incident. */
export function loadCompleted(state: RecoveryState, load: LoadCompleted, ctx: Context): Result {
  // Everything after this sees the address as stored: without credentials, at most about 2 KB.
  const ev = { ...load, url: boundUrl(load.url) };
  const url = parseWebUrl(ev.url);
  if (!url || ev.tabId < 0) return { state, effects: [] };
  const existing = state.tabs[ev.tabId];
  // A bot check is no outage: the page solves it by itself, and checks without cookies would only
  // meet it again.
  const failed = ctx.settings.codes.includes(ev.statusCode) && !isBotChallenge(ev.headers);
  if (ev.source === 'page' && failed && alreadyTracked(existing, ev.url)) return { state, effects: [] };

  if (!failed) {
    if (!existing) return { state, effects: [] };
    if (!samePage(existing.url, ev.url)) return endTab(state, ev.tabId, 'navigated', ctx.now);
    return siteBack(state, existing, ctx);
  }

  let base: Result = { state, effects: [] };
  const continuing = existing && samePage(existing.url, ev.url) ? existing : undefined;
  if (existing && !continuing) base = endTab(state, ev.tabId, 'navigated', ctx.now);
  // A final phase sticks for the same page: a page that reloads itself (meta refresh) restarts nothing.
  if (continuing && !ACTIVE_PHASES.has(continuing.phase) && continuing.method === ev.method.toUpperCase()) {
    return base;
  }
  // Another method after a final phase (a form sent from a stopped page) is a new incident, with its
  // own start and so its own history id; only an active incident goes on.
  const ongoing = continuing && ACTIVE_PHASES.has(continuing.phase) ? continuing : undefined;

  const retryAfterSeconds = parseRetryAfter(
    headerValue(ev.headers, 'retry-after'),
    ctx.now,
    headerValue(ev.headers, 'date'),
  );
  const statusText = ev.statusLine?.replace(/^\S+\s+\d{3}\s*/, '');
  const reading = recogniseLayers({ status: ev.statusCode, statusText, headers: ev.headers });
  const tab: TabRecovery = {
    tabId: ev.tabId,
    url: ev.url,
    origin: url.origin,
    host: url.hostname,
    code: ev.statusCode,
    method: ev.method.toUpperCase(),
    layer: reading.answeredBy,
    chain: reading.chain,
    clues: reading.clues,
    confidence: reading.confidence,
    probable: reading.probable,
    headers: keepableHeaders(ev.headers),
    retryAfterSeconds,
    requestMs: ev.requestMs ?? null,
    startedAt: ongoing?.startedAt ?? ctx.now,
    phase: 'waiting',
    reloadedAt: ongoing?.reloadedAt ?? null,
    recorded: false,
    triedFixes: ongoing?.triedFixes ?? [],
    visible: ev.visible ?? continuing?.visible ?? false,
    windowId: ev.windowId ?? continuing?.windowId ?? -1,
    lastLoadAt: ctx.now,
    pageIntervalMs: ongoing ? ctx.now - ongoing.lastLoadAt : null,
    ...((ev.incognito || continuing?.private) && { private: true as const }),
    ...(ev.source ? { source: ev.source } : {}),
  };
  let s = withTab(base.state, tab);
  const effects = [...base.effects];

  const reason = notRetriedReason(tab, ctx.settings);
  if (reason) {
    const done = finalise(s, tab, 'not-retried', 'not-retried', ctx.now, reason);
    return { state: done.state, effects: [...effects, ...done.effects] };
  }

  // A schedule past its cool-down is forgotten: the site starts afresh.
  const kept = s.origins[scheduleKey(tab)];
  const schedule = kept && (kept.forgetAt === null || kept.forgetAt > ctx.now) ? kept : undefined;
  if (!schedule) {
    s = withSchedule(s, declaredRefresh(newSchedule(tab, ctx, retryAfterSeconds), ev, ctx));
    return { state: s, effects };
  }
  // The site's count goes on from where it was (a tab that fails again, a redirect to a new
  // failing URL, another tab), in a private window as in a normal one: nothing here resets it.
  let o: OriginSchedule = withWindowOf(tab, { ...schedule, forgetAt: null });
  if (o.probeUrl === o.origin) o = { ...o, probeUrl: ev.url };
  if (retryAfterSeconds !== null) {
    const notBefore = Math.max(o.notBefore, ctx.now + retryAfterSeconds * 1000);
    o = { ...o, notBefore, nextCheckAt: Math.max(o.nextCheckAt, notBefore) };
  }
  s = withSchedule(s, declaredRefresh(o, ev, ctx));
  if (o.attempts >= o.allowance) {
    // No attempt is left for this site: give up rather than look once more.
    const done = finalise(s, tab, 'gave-up', 'gave-up', ctx.now);
    return { state: done.state, effects: [...effects, ...done.effects] };
  }

  const look: CheckResult = { at: ctx.now, ok: false, status: ev.statusCode };
  if (ongoing?.phase === 'reloading') {
    // Our reload failed. After "the site answered our check", that means the site answers
    // without the visitor's cookies but not with them: from now on the tab's own reload is the check.
    if (ongoing.reloadKind === 'confirm')
      s = withSchedule(s, { ...s.origins[scheduleKey(tab)]!, checkBy: 'tab' });
    const confirming = ongoing.reloadKind === 'confirm';
    const counted = attemptFailed(s, scheduleKey(tab), ctx, { ...look, by: 'tab' }, confirming);
    return { state: counted.state, effects: [...effects, ...counted.effects] };
  }
  // A load we did not cause is a look at the site that cost us nothing: the next check moves out.
  // The same page again (it refreshes itself, the visitor pressed reload): at least 1.5 times the
  // page's own interval, so a page that refreshes itself gets nothing from us on top, and the look
  // is kept with the checks.
  if (ongoing) s = pageLooked(s, tab, { ...look, by: 'page' }, ctx);
  // A site that no tab waited for any more (a page that retries at a new address, `?retry=2`, ended
  // its incident as it left; the site seen failing again minutes later): at least the schedule's
  // current wait, so no check comes right behind a load that has just failed. Not while other tabs
  // wait: ten tabs failing one after the other would move the whole schedule by their spread.
  // Not kept with the checks: a new incident's first failure is not a retry.
  else if (schedule.forgetAt !== null) s = siteSeenFailing(s, scheduleKey(tab), ctx);
  return { state: s, effects };
}

function pageLooked(state: RecoveryState, tab: TabRecovery, look: CheckResult, ctx: Context): RecoveryState {
  const o = state.origins[scheduleKey(tab)]!;
  const cap = policyFor(ctx.settings).capMs;
  const pageWait = Math.min(cap, PAGE_RETRY_GRACE * (tab.pageIntervalMs ?? 0));
  const wait = Math.max(slotDelayMs(state, o, ctx), pageWait);
  return withSchedule(state, {
    ...o,
    lastCheck: look,
    checks: [...o.checks, look].slice(-MAX_CHECKS_KEPT),
    nextCheckAt: Math.max(o.nextCheckAt, ctx.now + wait),
  });
}

function siteSeenFailing(state: RecoveryState, key: string, ctx: Context): RecoveryState {
  const o = state.origins[key]!;
  const nextCheckAt = Math.max(o.nextCheckAt, ctx.now + slotDelayMs(state, o, ctx));
  return nextCheckAt === o.nextCheckAt ? state : withSchedule(state, { ...o, nextCheckAt });
}

/** A page that says it will refresh itself (`Refresh` header) gets its first check after that. */
function declaredRefresh(o: OriginSchedule, ev: LoadCompleted, ctx: Context): OriginSchedule {
  const seconds = parseRefreshSeconds(headerValue(ev.headers, 'refresh'));
  if (seconds === null) return o;
  return { ...o, nextCheckAt: Math.max(o.nextCheckAt, ctx.now + PAGE_RETRY_GRACE * seconds * 1000) };
}

/**
 * The tab's page loaded again: its incident ends, and the site's other waiting tabs follow once it
 * has shown its page: nine pages loading beside it took the shown tab's paint from 0.16 s to 0.8 s on
 * two cores (bench, Chromium 156).
 */
function siteBack(state: RecoveryState, tab: TabRecovery, ctx: Context): Result {
  const ended = endTab(state, tab.tabId, 'recovered', ctx.now, COOL_DOWN_AFTER_RECOVERY_MS);
  let s = ended.state;
  const effects: Effect[] = [...ended.effects];
  if (tab.phase === 'reloading') {
    // No notification names the site of a private tab.
    effects.push({ type: 'notify-recovered', tabId: tab.tabId, host: tab.private ? null : tab.host });
  }
  for (const other of tabsOf(s, scheduleKey(tab))) {
    if (other.phase !== 'waiting') continue;
    const reloaded = reloadTab(s, other, 'follow', ctx.now, tab.tabId);
    s = reloaded.state;
    effects.push(...reloaded.effects);
  }
  return { state: s, effects };
}

/** The page in a waiting tab says it refreshes itself (meta refresh, seen in the page): checks wait for it. */
export function pageDeclaresRefresh(
  state: RecoveryState,
  tabId: number,
  url: string,
  seconds: number,
): Result {
  const tab = state.tabs[tabId];
  const o = tab && state.origins[scheduleKey(tab)];
  if (!tab || !o || tab.phase !== 'waiting' || !samePage(tab.url, url)) return { state, effects: [] };
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) return { state, effects: [] };
  const nextCheckAt = Math.max(o.nextCheckAt, tab.lastLoadAt + PAGE_RETRY_GRACE * seconds * 1000);
  if (nextCheckAt === o.nextCheckAt) return { state, effects: [] };
  return { state: withSchedule(state, { ...o, nextCheckAt }), effects: [] };
}
