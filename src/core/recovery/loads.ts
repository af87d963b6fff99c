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
import { checkAtBesideBrowser } from './browser-reloads';
import { attemptFailed, reloadTab } from './checks';
import {
  COOL_DOWN_AFTER_RECOVERY_MS,
  type Context,
  type Effect,
  type LoadCompleted,
  MAX_CHECKS_KEPT,
  PAGE_RETRY_GRACE,
  PAGE_RHYTHM_TOLERANCE,
  policyFor,
  type Result,
  samePage,
} from './context';
import {
  ACTIVE_PHASES,
  endTab,
  finalise,
  newSchedule,
  nextSlot,
  notRetriedReason,
  slotDelayMs,
  spend,
  tabsOf,
  withSchedule,
  withTab,
  withWindowOf,
} from './incident';
import { alreadyTracked } from './page-loads';
import { parseRefreshSeconds } from './page-refresh';

/** Statuses from here on are errors: a page that got one did not load. */
const FIRST_ERROR_STATUS = 400;

/** A main-frame load in a tab finished: start, continue or end that tab's incident. */
export function loadCompleted(state: RecoveryState, load: LoadCompleted, ctx: Context): Result {
  // Everything after this sees the address as stored: without credentials, at most about 2 KB.
  const ev = { ...load, url: boundUrl(load.url) };
  const url = parseWebUrl(ev.url);
  if (!url || ev.tabId < 0) return { state, effects: [] };
  const existing = state.tabs[ev.tabId];
  // A load that got no answer says nothing about the site being back: a kind turned off starts
  // nothing and leaves the tab's incident as it is (only a load of another page ends it).
  if (ev.failure && !ctx.settings.failures.includes(ev.failure)) {
    return existing && !samePage(existing.url, ev.url)
      ? endTab(state, ev.tabId, 'navigated', ctx.now)
      : { state, effects: [] };
  }
  // A bot check is no outage: the page solves it by itself, and checks without cookies would only
  // meet it again.
  const failed =
    ev.failure !== undefined || (ctx.settings.codes.includes(ev.statusCode) && !isBotChallenge(ev.headers));
  if (ev.source === 'page' && failed && alreadyTracked(existing, ev.url)) return { state, effects: [] };

  if (!failed) {
    if (!existing) return { state, effects: [] };
    if (!samePage(existing.url, ev.url)) return endTab(state, ev.tabId, 'navigated', ctx.now);
    // A bot check is the way to the page, which the page takes by itself: only another error is no page.
    // The tab now shows this load's answer, a form's if it was one: "Try again" never reloads it.
    if (ev.statusCode >= FIRST_ERROR_STATUS && !isBotChallenge(ev.headers))
      return answeredOther(state, { ...existing, method: ev.method.toUpperCase() }, ev.statusCode, ctx);
    return siteBack(state, existing, ctx);
  }

  let base: Result = { state, effects: [] };
  const continuing = existing && samePage(existing.url, ev.url) ? existing : undefined;
  if (existing && !continuing) base = endTab(state, ev.tabId, 'navigated', ctx.now);
  if (continuing && staleAnswer(continuing, ev)) return base;
  if (continuing && finalPhaseHolds(continuing, ev, ctx)) return base;
  // A tab that ended (another error, a reason that no longer holds) and fails again is a new incident.
  const resumed = continuing && !ACTIVE_PHASES.has(continuing.phase);
  const ongoing = resumed ? undefined : continuing;

  const retryAfterSeconds = parseRetryAfter(
    headerValue(ev.headers, 'retry-after'),
    ctx.now,
    headerValue(ev.headers, 'date'),
  );
  const refreshSeconds = parseRefreshSeconds(headerValue(ev.headers, 'refresh'));
  const statusText = ev.statusLine?.replace(/^\S+\s+\d{3}\s*/, '');
  const reading = recogniseLayers({ status: ev.statusCode, statusText, headers: ev.headers });
  const tab: TabRecovery = {
    tabId: ev.tabId,
    url: ev.url,
    origin: url.origin,
    host: url.hostname,
    code: ev.failure ? 0 : ev.statusCode,
    ...(ev.failure && { failure: ev.failure }),
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
    // The page's own rhythm: the gap since its last load, unless that was our reload's (then only
    // what the page declares).
    pageIntervalMs:
      ongoing && ongoing.phase !== 'reloading'
        ? ctx.now - ongoing.lastLoadAt
        : refreshSeconds === null
          ? null
          : refreshSeconds * 1000,
    ...((ev.incognito || continuing?.private) && { private: true as const }),
    ...(ev.source ? { source: ev.source } : {}),
  };
  // Loads we did not cause: Chromium's own reloads come 1 s, 5 s, 30 s... apart (browser-reloads.ts).
  const pageLoads = (ongoing?.pageLoads ?? 0) + (ongoing && ongoing.phase !== 'reloading' ? 1 : 0);
  if (pageLoads > 0) tab.pageLoads = pageLoads;
  let s = withTab(base.state, tab);
  const effects = [...base.effects];

  // A name that never resolved in this tab is taken for a typo until the visitor asks: checking
  // it would only ask the resolver again about a site that may not exist.
  const typo = ev.failure === 'dns' && ev.knownName === false && !continuing;
  const reason = notRetriedReason(tab, ctx.settings) ?? (typo ? 'unknown-name' : undefined);
  if (reason) {
    const done = finalise(s, tab, 'not-retried', 'not-retried', ctx.now, reason);
    return { state: done.state, effects: [...effects, ...done.effects] };
  }

  // A schedule past its cool-down is forgotten: the site starts afresh.
  const kept = s.origins[scheduleKey(tab)];
  const schedule = kept && (kept.forgetAt === null || kept.forgetAt > ctx.now) ? kept : undefined;
  if (!schedule) {
    s = withSchedule(
      s,
      declaredRefresh(
        siteReached(newSchedule(tab, ctx, retryAfterSeconds), tab, ctx.now),
        refreshSeconds,
        ctx,
      ),
    );
    return { state: besideBrowser(s, scheduleKey(tab), ctx), effects };
  }
  // The site's count goes on from where it was (a tab that fails again, a redirect to a new
  // failing URL, another tab), in a private window as in a normal one: nothing here resets it.
  // A page failing again is counted as a look below (or was our own reload, counted when it went out).
  let o: OriginSchedule = withWindowOf(tab, {
    ...(ongoing ? schedule : siteReached(schedule, tab, ctx.now)),
    forgetAt: null,
  });
  if (o.probeUrl === o.origin) o = { ...o, probeUrl: ev.url };
  if (retryAfterSeconds !== null) {
    const notBefore = Math.max(o.notBefore, ctx.now + retryAfterSeconds * 1000);
    o = { ...o, notBefore, nextCheckAt: Math.max(o.nextCheckAt, notBefore) };
  }
  s = withSchedule(s, declaredRefresh(o, refreshSeconds, ctx));
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
    // A confirming reload shares the attempt of the check that answered; a follow-up after the site
    // came back is no look we planned: it costs no attempt either (as when it never completes).
    const counted = attemptFailed(
      s,
      scheduleKey(tab),
      ctx,
      { ...look, by: 'tab' },
      ongoing.reloadKind === 'confirm' || ongoing.reloadKind === 'follow',
    );
    return { state: counted.state, effects: [...effects, ...counted.effects] };
  }
  // A load we did not cause is a look at the site that cost us nothing: the next check moves out,
  // and the look is kept with the checks. The same page again: by the schedule's current wait, or,
  // for a page that refreshes itself regularly, to at least 1.5 times its interval, so it gets
  // nothing from us on top. One reload by the visitor is a look, not a rhythm.
  if (ongoing) s = pageLooked(s, tab, ongoing.pageIntervalMs, { ...look, by: 'page' }, ctx);
  // A site that no tab waited for any more (a page that retries at a new address, `?retry=2`, ended
  // its incident as it left; the site seen failing again minutes later): at least the schedule's
  // current wait, so no check comes right behind a load that has just failed. Not while other tabs
  // wait: ten tabs failing one after the other would move the whole schedule by their spread.
  // Not kept with the checks: a new incident's first failure is not a retry.
  else if (schedule.forgetAt !== null) s = siteSeenFailing(s, scheduleKey(tab), ctx);
  return { state: s, effects };
}

/**
 * A load that got no answer still reached the site (a closed port, a dropped connection): it counts
 * against the budget, so the site's requests in a minute, the browser's own included, stay within it.
 * A gateway error's loads do not: that budget was set for the extension's own requests, and the
 * browser never retries an HTTP error by itself.
 */
function siteReached(o: OriginSchedule, tab: TabRecovery, now: number): OriginSchedule {
  return tab.failure ? spend(o, now) : o;
}

/**
 * The page reloaded itself (or the visitor did). Its interval counts only once it repeats (within
 * ×1.5 either way) or was declared: one reload late in an outage would otherwise move the next
 * check from the schedule's 20 s to the 2-minute cap.
 */
function pageLooked(
  state: RecoveryState,
  tab: TabRecovery,
  previousIntervalMs: number | null,
  look: CheckResult,
  ctx: Context,
): RecoveryState {
  const o = state.origins[scheduleKey(tab)]!;
  const cap = policyFor(ctx.settings).capMs;
  const interval = tab.pageIntervalMs;
  const regular =
    interval !== null &&
    previousIntervalMs !== null &&
    interval <= previousIntervalMs * PAGE_RHYTHM_TOLERANCE &&
    previousIntervalMs <= interval * PAGE_RHYTHM_TOLERANCE;
  const pageWait = regular ? Math.min(cap, PAGE_RETRY_GRACE * interval) : 0;
  const wait = Math.max(slotDelayMs(state, o, ctx), pageWait);
  // A load that got no answer was most likely the browser's own retry (Chromium reloads a visible
  // network-error page after 1 s, 5 s, 30 s...): the site received it, so it counts against the
  // budget, and the site never gets both schedules in full.
  const counted = siteReached(o, tab, ctx.now);
  const looked = withSchedule(state, {
    ...counted,
    lastCheck: look,
    checks: [...o.checks, look].slice(-MAX_CHECKS_KEPT),
    nextCheckAt: Math.max(o.nextCheckAt, ctx.now + wait),
  });
  return besideBrowser(looked, scheduleKey(tab), ctx);
}

/** A site whose shown tab the browser reloads by itself checks between those reloads. */
function besideBrowser(state: RecoveryState, key: string, ctx: Context): RecoveryState {
  const o = state.origins[key]!;
  const at = checkAtBesideBrowser(state, o, ctx);
  return at === null ? state : withSchedule(state, { ...o, nextCheckAt: Math.max(at, o.notBefore) });
}

function siteSeenFailing(state: RecoveryState, key: string, ctx: Context): RecoveryState {
  const o = state.origins[key]!;
  const nextCheckAt = Math.max(o.nextCheckAt, ctx.now + slotDelayMs(state, o, ctx));
  return nextCheckAt === o.nextCheckAt ? state : withSchedule(state, { ...o, nextCheckAt });
}

/** A page that says it will refresh itself (`Refresh` header) gets its first check after that. */
function declaredRefresh(o: OriginSchedule, seconds: number | null, ctx: Context): OriginSchedule {
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

/**
 * A failing load while our reload is on its way, which began before we decided on that reload: it
 * cannot be its answer (the tab was busy with its own load, so ours was skipped or comes after).
 * Taking it as one would blame the visitor's cookies for a load that began before the site answered.
 */
function staleAnswer(tab: TabRecovery, ev: LoadCompleted): boolean {
  return (
    tab.phase === 'reloading' &&
    tab.reloadedAt !== null &&
    ev.requestStartedAt !== undefined &&
    ev.requestStartedAt < tab.reloadedAt
  );
}

/**
 * A final phase sticks for the same page while its reason holds: a page that reloads itself (meta
 * refresh) restarts nothing. A reason that no longer holds ends: retrying turned back on, the site no
 * longer excluded, the site failing with a listed code again after it answered another error.
 */
function finalPhaseHolds(tab: TabRecovery, ev: LoadCompleted, ctx: Context): boolean {
  if (ACTIVE_PHASES.has(tab.phase) || tab.method !== ev.method.toUpperCase()) return false;
  // A name taken for a typo stays one while it does not resolve (Chromium's own reloads of the page
  // included), until the visitor asks.
  if (tab.phase === 'not-retried')
    return (
      (tab.reason === 'unknown-name' && ev.failure === 'dns') ||
      notRetriedReason(tab, ctx.settings) !== undefined
    );
  return tab.phase !== 'answered-other';
}

/**
 * The tab's page loaded with another error (500, 429, 403, a code the visitor has just unticked): the
 * site answers, so retrying stops, but the page is not back: nothing is announced and the history
 * says what the site answers. The site's other tabs do not follow (only a page that loaded lets them);
 * their checks go on from the next slot.
 */
function answeredOther(state: RecoveryState, tab: TabRecovery, status: number, ctx: Context): Result {
  const answered: TabRecovery = { ...tab, answeredWith: status };
  // Already ended (gave up, stopped, not retried): the tab says what the site answers now; the
  // history has its entry.
  if (!ACTIVE_PHASES.has(tab.phase)) {
    return {
      state: withTab(state, { ...answered, phase: 'answered-other', reason: undefined }),
      effects: [],
    };
  }
  let s = state;
  const o = s.origins[scheduleKey(tab)];
  if (o) {
    const look: CheckResult = {
      at: ctx.now,
      ok: true,
      status,
      by: tab.phase === 'reloading' ? 'tab' : 'page',
    };
    const { slot, waitMs } = nextSlot(s, o, ctx);
    s = withSchedule(s, {
      ...o,
      slot,
      lastCheck: look,
      checks: [...o.checks, look].slice(-MAX_CHECKS_KEPT),
      nextCheckAt: Math.max(o.nextCheckAt, ctx.now + waitMs, o.notBefore),
    });
  }
  return finalise(s, answered, 'answered-other', 'answered-other', ctx.now);
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
  // The declared interval is the page's rhythm until its own reloads measure one.
  const s = tab.pageIntervalMs === null ? withTab(state, { ...tab, pageIntervalMs: seconds * 1000 }) : state;
  if (nextCheckAt === o.nextCheckAt) return { state: s, effects: [] };
  return { state: withSchedule(s, { ...o, nextCheckAt }), effects: [] };
}
