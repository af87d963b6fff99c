/**
 * The recovery state machine: pure transitions from (state, event) to (state, effects).
 * The background glue feeds it browser events, persists the state and carries out the effects.
 * Every transition copies what it changes, so a failed write never leaves half a state behind.
 */
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from './backoff';
import { type HeaderList, headerValue, isBotChallenge, keepableHeaders, recogniseLayers } from './layer';
import type {
  CheckResult,
  Incident,
  IncidentOutcome,
  OriginSchedule,
  RecoveryState,
  TabRecovery,
} from './recovery-state';
import { parseRetryAfter } from './retry-after';
import type { Settings } from './settings';
import { matchesAnySite } from './site-pattern';
import { parseWebUrl } from './web-url';

export interface Context {
  now: number;
  settings: Settings;
  random: () => number;
}

export type Effect =
  | { type: 'probe'; origin: string; url: string }
  | { type: 'reload'; tabId: number }
  | { type: 'record'; incident: Incident }
  | { type: 'notify-recovered'; tabId: number; host: string };

export interface Result {
  state: RecoveryState;
  effects: Effect[];
}

export interface LoadCompleted {
  tabId: number;
  url: string;
  method: string;
  statusCode: number;
  headers?: HeaderList;
  /** `HTTP/1.1 503 Service Unavailable: Back-end server is at capacity`: some layers sign the reason phrase. */
  statusLine?: string;
  requestMs?: number | null;
}

/** A check that has not reported after this long belongs to a hung request: a new one may start. */
export const CHECK_LEASE_MS = 30_000;
/** A reload of ours that has not completed after this long is treated as failed. */
export const RELOAD_TIMEOUT_MS = 30_000;
/** The tab a visitor switches to is checked at once, unless its site was checked this recently. */
export const ACTIVATION_MIN_GAP_MS = 3_000;
const MAX_CHECKS_KEPT = 60;

export function policyFor(settings: Settings): BackoffPolicy {
  return { ...DEFAULT_BACKOFF, capMs: settings.maxDelaySeconds * 1000 };
}

/** Same page, ignoring the fragment: `#section` changes are not navigations away. */
export function samePage(a: string, b: string): boolean {
  return a.split('#')[0] === b.split('#')[0];
}

const ACTIVE_PHASES = new Set(['waiting', 'reloading']);

function incidentOf(
  tab: TabRecovery,
  origin: OriginSchedule | undefined,
  outcome: IncidentOutcome,
  now: number,
): Incident {
  return {
    id: `${tab.startedAt}-${tab.tabId}`,
    host: tab.host,
    url: tab.url,
    code: tab.code,
    method: tab.method,
    layer: tab.layer,
    chain: tab.chain,
    startedAt: tab.startedAt,
    endedAt: now,
    attempts: origin?.attempts ?? 0,
    outcome,
    checks: origin?.checks.filter((c) => c.at >= tab.startedAt) ?? [],
  };
}

function tabsOf(state: RecoveryState, origin: string): TabRecovery[] {
  return Object.values(state.tabs).filter((t) => t.origin === origin);
}

/** Drops origin schedules no waiting or reloading tab needs any more: no timer is left behind. */
function pruneOrigins(state: RecoveryState): RecoveryState {
  const needed = new Set(
    Object.values(state.tabs)
      .filter((t) => ACTIVE_PHASES.has(t.phase))
      .map((t) => t.origin),
  );
  const origins = Object.fromEntries(Object.entries(state.origins).filter(([o]) => needed.has(o)));
  return { ...state, origins };
}

/** Ends a tab's incident: removes it and records it unless it was recorded on entering a final phase. */
function endTab(state: RecoveryState, tabId: number, outcome: IncidentOutcome, now: number): Result {
  const tab = state.tabs[tabId];
  if (!tab) return { state, effects: [] };
  const { [tabId]: _gone, ...tabs } = state.tabs;
  const effects: Effect[] = [];
  if (!tab.recorded) {
    effects.push({ type: 'record', incident: incidentOf(tab, state.origins[tab.origin], outcome, now) });
  }
  return { state: pruneOrigins({ ...state, tabs }), effects };
}

/** Puts a tab into a final phase (gave up, stopped, not retried) and records the incident once. */
function finalise(
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
  const effects: Effect[] = tab.recorded
    ? []
    : [{ type: 'record', incident: incidentOf(tab, schedule, outcome, now) }];
  return { state: pruneOrigins({ ...state, tabs: { ...state.tabs, [tab.tabId]: next } }), effects };
}

function newSchedule(
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

/** A main-frame load in a tab finished: start, continue or end that tab's incident. */
export function loadCompleted(state: RecoveryState, ev: LoadCompleted, ctx: Context): Result {
  const url = parseWebUrl(ev.url);
  if (!url || ev.tabId < 0) return { state, effects: [] };
  const existing = state.tabs[ev.tabId];
  // A bot check is no outage: the page solves it by itself, and checks without cookies would only
  // meet it again.
  const failed = ctx.settings.codes.includes(ev.statusCode) && !isBotChallenge(ev.headers);

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
    headers: keepableHeaders(ev.headers),
    retryAfterSeconds,
    requestMs: ev.requestMs ?? null,
    startedAt: continuing ? existing.startedAt : ctx.now,
    phase: 'waiting',
    reloadedAt: continuing ? existing.reloadedAt : null,
    recorded: false,
    triedFixes: continuing ? existing.triedFixes : [],
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

function notRetriedReason(tab: TabRecovery, settings: Settings): TabRecovery['reason'] | undefined {
  if (!settings.enabled) return 'disabled';
  if (matchesAnySite(settings.excludedSites, tab.host)) return 'excluded';
  // Only GET is ever retried: a reload of a POST would resubmit the visitor's form.
  if (tab.method !== 'GET') return 'post';
  return undefined;
}

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
  /** The check's reason phrase, response headers (a fetch never sees cookies) and the start of its body. */
  statusText?: string;
  headers?: [string, string][];
  body?: string;
}

/**
 * A failing check is a fresh copy of the failure, and its body (which a page load never shows the
 * extension) often names the layer that wrote it: the tabs' reading is redone with it.
 */
function withCheckEvidence(tab: TabRecovery, report: CheckReport): TabRecovery {
  if (!report.headers?.length && !report.body && !report.statusText) return tab;
  const reading = recogniseLayers({
    status: report.status ?? tab.code,
    statusText: report.statusText,
    headers: [...tab.headers, ...(report.headers ?? [])],
    body: report.body,
  });
  return { ...tab, layer: reading.answeredBy, chain: reading.chain, clues: reading.clues };
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
  if (!ok && report.status !== null) {
    for (const t of tabsOf(s, o.origin))
      s = { ...s, tabs: { ...s.tabs, [t.tabId]: withCheckEvidence(t, report) } };
  }
  const waiting = tabsOf(s, o.origin).filter((t) => t.phase === 'waiting');
  const effects: Effect[] = [];

  if (ok) {
    for (const t of waiting) {
      s = { ...s, tabs: { ...s.tabs, [t.tabId]: { ...t, phase: 'reloading', reloadedAt: ctx.now } } };
      effects.push({ type: 'reload', tabId: t.tabId });
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
