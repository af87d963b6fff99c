/** Checks of failing sites: starting the due ones, their answers, and when to wake up next. */

import { bodyPrint } from '../error-signature';
import { isBotChallenge, recogniseLayers } from '../layer';
import {
  type CheckResult,
  type OriginSchedule,
  type RecoveryState,
  scheduleKey,
  type TabRecovery,
} from '../recovery-state';
import { parseRetryAfter } from '../retry-after';
import { checkAtBesideBrowser } from './browser-reloads';
import {
  CHECK_LEASE_MS,
  type Context,
  type Effect,
  MAX_CHECKS_KEPT,
  RELOAD_TIMEOUT_MS,
  type ReloadEffect,
  type Result,
  samePage,
} from './context';
import {
  budgetFreeAt,
  finalise,
  nextSlot,
  pruneOrigins,
  slotDelayMs,
  spend,
  tabsOf,
  withSchedule,
  withTab,
} from './incident';
import { pageReturn } from './page-loads';

function checkIsLive(o: OriginSchedule, runId: string, now: number): boolean {
  return o.checkingSince !== null && o.checkingBy === runId && now - o.checkingSince < CHECK_LEASE_MS;
}

/** The tab whose load tells whether the site is back: a visible one first, else the oldest. */
export function leadTab(tabs: TabRecovery[]): TabRecovery | undefined {
  return [...tabs].sort((a, b) => Number(b.visible) - Number(a.visible) || a.startedAt - b.startedAt)[0];
}

/** Reloads `tab` as the given kind of look; the glue checks right before that the tab still shows its page. */
export function reloadTab(
  state: RecoveryState,
  tab: TabRecovery,
  kind: NonNullable<TabRecovery['reloadKind']>,
  now: number,
  after?: number,
): Result {
  const next: TabRecovery = { ...tab, phase: 'reloading', reloadedAt: now, reloadKind: kind };
  const effect: ReloadEffect =
    tab.source === 'page' ? pageReturn(tab) : { type: 'reload', tabId: tab.tabId, url: tab.url };
  return { state: withTab(state, next), effects: [after === undefined ? effect : { ...effect, after }] };
}

/**
 * The glue found the tab busy loading its page and did not send our reload: a reload that was not
 * sent answers nothing. The tab waits again, the request it would have cost is given back, and the
 * tab's own load decides (a failure is a look of the page's); the next check waits the site's
 * current wait, so a tab that stays busy is not met by a check and a skipped reload in a loop.
 */
export function reloadSkipped(state: RecoveryState, tabId: number, url: string, ctx: Context): Result {
  const tab = state.tabs[tabId];
  if (tab?.phase !== 'reloading' || !samePage(tab.url, url)) return { state, effects: [] };
  let s = withTab(state, { ...tab, phase: 'waiting', reloadKind: undefined });
  const o = s.origins[scheduleKey(tab)];
  if (!o) return { state: s, effects: [] };
  // Follow-ups were never counted; a confirming or checking reload was, at the moment it was decided.
  const spent = tab.reloadKind === 'follow' ? -1 : o.requests.lastIndexOf(tab.reloadedAt ?? Number.NaN);
  const requests = spent < 0 ? o.requests : o.requests.filter((_, i) => i !== spent);
  const nextCheckAt = Math.max(o.nextCheckAt, ctx.now + slotDelayMs(s, o, ctx));
  s = withSchedule(s, { ...o, requests, nextCheckAt });
  return { state: s, effects: [] };
}

/**
 * Starts the looks that are due: at most one in flight per origin (a check, or a reload that is in
 * flight), only for origins with a waiting tab, never past the site's budget.
 */
export function startDueChecks(state: RecoveryState, ctx: Context, runId: string): Result {
  const expired = expireReloads(state, ctx);
  let s = expired.state;
  const effects: Effect[] = [...expired.effects];
  for (const o of Object.values(s.origins)) {
    if (o.nextCheckAt > ctx.now || checkIsLive(o, runId, ctx.now)) continue;
    const tabs = tabsOf(s, scheduleKey(o));
    const waiting = tabs.filter((t) => t.phase === 'waiting');
    if (waiting.length === 0 || tabs.some((t) => t.phase === 'reloading')) continue;
    if (o.attempts >= o.allowance) {
      // No look is left (a check answered but its confirming reload was not sent, the limit was
      // lowered while nothing listened): give up rather than look past the allowance.
      for (const t of waiting) {
        const done = finalise(s, s.tabs[t.tabId]!, 'gave-up', 'gave-up', ctx.now);
        s = done.state;
        effects.push(...done.effects);
      }
      continue;
    }
    const freeAt = budgetFreeAt(s, o, ctx.now);
    if (freeAt > ctx.now) {
      s = withSchedule(s, { ...o, nextCheckAt: freeAt });
      continue;
    }
    if (o.checkBy === 'tab') {
      // The tab's own load is the check: it carries the tab's cookies, which the site answers differently.
      s = withSchedule(s, spend(o, ctx.now));
      const reloaded = reloadTab(s, leadTab(waiting)!, 'check', ctx.now);
      s = reloaded.state;
      effects.push(...reloaded.effects);
      continue;
    }
    s = withSchedule(s, { ...spend(o, ctx.now), checkingSince: ctx.now, checkingBy: runId });
    effects.push({ type: 'probe', origin: scheduleKey(o), url: o.probeUrl });
  }
  return { state: s, effects };
}

/**
 * A look at the site failed: count it (unless the check that led to it was counted already), then
 * schedule the next or give up. `check` is what was seen, when something was (a reload that never
 * completed saw nothing).
 */
export function attemptFailed(
  state: RecoveryState,
  key: string,
  ctx: Context,
  check?: CheckResult,
  counted = false,
): Result {
  const o = state.origins[key];
  if (!o) return { state, effects: [] };
  const attempts = counted ? o.attempts : o.attempts + 1;
  const next: OriginSchedule = {
    ...o,
    attempts,
    ...(check && { lastCheck: check, checks: [...o.checks, check].slice(-MAX_CHECKS_KEPT) }),
  };
  let s = withSchedule(state, next);
  const { slot, waitMs } = nextSlot(s, o, ctx);
  const nextCheckAt = Math.max(checkAtBesideBrowser(s, next, ctx) ?? ctx.now + waitMs, o.notBefore);
  s = withSchedule(s, { ...next, slot, nextCheckAt });
  const effects: Effect[] = [];
  if (attempts >= o.allowance) {
    for (const t of tabsOf(s, key)) {
      if (t.phase !== 'waiting' && t.phase !== 'reloading') continue;
      const done = finalise(s, s.tabs[t.tabId]!, 'gave-up', 'gave-up', ctx.now);
      s = done.state;
      effects.push(...done.effects);
    }
  }
  return { state: pruneOrigins(s, ctx.now), effects };
}

/** Reloads of ours that never completed (network error, a hung server) count as failed attempts. */
function expireReloads(state: RecoveryState, ctx: Context): Result {
  let s = state;
  const effects: Effect[] = [];
  for (const t of Object.values(state.tabs)) {
    if (t.phase !== 'reloading' || t.reloadedAt === null || ctx.now - t.reloadedAt <= RELOAD_TIMEOUT_MS)
      continue;
    const current = s.tabs[t.tabId];
    if (current?.phase !== 'reloading') continue;
    s = withTab(s, { ...current, phase: 'waiting', reloadKind: undefined });
    // A follow-up reload after the site came back is not a look at the site: it costs no attempt.
    if (t.reloadKind === 'follow') continue;
    // A confirming reload shares the attempt of the check that answered.
    const counted = attemptFailed(s, scheduleKey(t), ctx, undefined, t.reloadKind === 'confirm');
    s = counted.state;
    effects.push(...counted.effects);
  }
  return { state: s, effects };
}

/** When the next wake-up is needed, or null when nothing is pending. */
export function nextWakeAt(state: RecoveryState, runId: string): number | null {
  let next: number | null = null;
  const consider = (at: number) => {
    next = next === null ? at : Math.min(next, at);
  };
  for (const o of Object.values(state.origins)) {
    const tabs = tabsOf(state, scheduleKey(o));
    const reloading = tabs.filter((t) => t.phase === 'reloading' && t.reloadedAt !== null);
    for (const t of reloading) consider(t.reloadedAt! + RELOAD_TIMEOUT_MS + 1);
    if (reloading.length === 0 && tabs.some((t) => t.phase === 'waiting')) {
      consider(
        o.checkingSince !== null && o.checkingBy === runId ? o.checkingSince + CHECK_LEASE_MS : o.nextCheckAt,
      );
    }
  }
  return next;
}

export interface CheckReport {
  /** The checked schedule's key (`scheduleKey`): the origin, marked for a private window's. */
  origin: string;
  runId: string;
  /** HTTP status, or null for a network-level failure (refused, reset, timed out). */
  status: number | null;
  retryAfter?: string | null;
  /** The answer's `Date`: a `Retry-After` date is read against it, not against the visitor's clock. */
  date?: string | null;
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
  const print = report.body ? bodyPrint(report.body, tab.host) : null;
  return {
    ...tab,
    layer: reading.answeredBy,
    chain: reading.chain,
    clues: reading.clues,
    confidence: reading.confidence,
    probable: reading.probable,
    ...(print && { bodyPrint: print }),
  };
}

/**
 * A check finished. If the site answers, one tab is reloaded first: its load confirms the answer
 * before the others follow. Otherwise the next check is scheduled, or the site is given up.
 */
export function checkFinished(state: RecoveryState, report: CheckReport, ctx: Context): Result {
  const o = state.origins[report.origin];
  // The origin ended meanwhile, or this check belongs to a worker run that is no longer current.
  if (!o || o.checkingBy !== report.runId) return { state, effects: [] };
  // A CDN's bot check met by our cookieless check says nothing about the site behind it: the CDN
  // answers, and only the visitor's browser can get past it. Cloudflare's legacy challenges came with
  // 503, which would otherwise count as "still failing" for as long as the CDN challenges (sites turn
  // that on during attacks): the tab's own reload confirms instead.
  const ok =
    report.status !== null && (!ctx.settings.codes.includes(report.status) || isBotChallenge(report.headers));
  const check: CheckResult = { at: ctx.now, ok, status: report.status };
  const retryAfter = ok ? null : parseRetryAfter(report.retryAfter, ctx.now, report.date);
  const released: OriginSchedule = {
    ...o,
    checkingSince: null,
    checkingBy: null,
    notBefore: Math.max(o.notBefore, ctx.now + (retryAfter ?? 0) * 1000),
  };
  let s = withSchedule(state, released);
  if (!ok && report.status !== null) {
    for (const t of tabsOf(s, report.origin)) s = withTab(s, withCheckEvidence(t, report));
  }
  const waiting = tabsOf(s, report.origin).filter((t) => t.phase === 'waiting');

  if (ok && waiting.length > 0) {
    const answered: OriginSchedule = {
      ...released,
      attempts: o.attempts + 1,
      lastCheck: check,
      checks: [...o.checks, check].slice(-MAX_CHECKS_KEPT),
    };
    const confirming = withSchedule(s, { ...spend(answered, ctx.now) });
    return reloadTab(confirming, leadTab(waiting)!, 'confirm', ctx.now);
  }
  return attemptFailed(s, report.origin, ctx, check);
}
