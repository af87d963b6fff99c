/**
 * Glue between browser events and the pure state machine in core/recovery.ts: every event becomes a
 * transition on the stored state, then its effects are carried out (checks, reloads, history,
 * notifications), badges follow the state, and the next wake-up is armed.
 */
import browser from 'webextension-polyfill';
import type { Effect, Result } from '../core/recovery';
import * as machine from '../core/recovery';
import { CLOCK_JUMP_MS } from '../core/recovery/clock';
import { type RecoveryState, scheduleKey } from '../core/recovery-state';
import type { Settings } from '../core/settings';
import { sameBadge, showBadge } from './badge';
import { keepBudget } from './budget-store';
import { appendHistory } from './history-store';
import { notifyRecovered } from './notifications';
import { readsSettled } from './page-reads';
import { returnToPage } from './page-return';
import { probe } from './probe';
import { getSettings } from './settings-store';
import { whenShown } from './shown-pages';
import { peekState, readState, updateState } from './state-store';

/** Identifies this worker run: a check started by a run that has since died is void. */
export const RUN_ID = crypto.randomUUID();
export const WAKE_ALARM = 'gateway-rescue-wake';
/** While the browser is offline no check is sent; this is how often it looks again. */
const OFFLINE_RECHECK_MS = 5_000;
/** Chromium reloads a shown page that got no answer by itself; Firefox, the one with `getBrowserInfo`, never does. */
const BROWSER_RELOADS = typeof browser.runtime.getBrowserInfo !== 'function';

export type Transition = (state: RecoveryState, ctx: machine.Context) => Result;

let timer: ReturnType<typeof setTimeout> | undefined;
let armedThisRun = false;
/**
 * The previous version's last minute of requests (after an update), folded into every transition
 * until one is stored: taken in by a single transition, a refused write would lose it.
 */
let carrying: machine.CarriedBudget | null = null;

/**
 * Takes in the budget the previous version kept (onInstalled, reason `update`): in the queue before
 * any later event, as the read of it is.
 */
export function takeInBudget(read: Promise<machine.CarriedBudget>): Promise<RecoveryState> {
  return dispatch(
    read.then((carried): Transition => {
      carrying = carried;
      return (state) => ({ state, effects: [] });
    }),
  );
}

// The wall clock against the monotonic one: a jump of the system clock shows as a difference.
let wallBase = Date.now();
let monoBase = performance.now();

/**
 * How far the wall clock moved against elapsed time since the last look (0 for ordinary drift).
 * `performance.now()` does not count a suspend on Linux and macOS (Chromium, Firefox), so a sleep
 * shows here as a step forward, exactly like a clock set forward.
 */
function clockJumpMs(now: number, state: RecoveryState): number {
  const jump = now - (wallBase + (performance.now() - monoBase));
  wallBase = now;
  monoBase = performance.now();
  // Whole milliseconds, like every stored time.
  if (Math.abs(jump) >= CLOCK_JUMP_MS) return Math.round(jump);
  // A new worker run cannot measure a jump, but a clock set back shows against the stored time.
  if (state.clock !== undefined && now < state.clock - CLOCK_JUMP_MS) return now - state.clock;
  return 0;
}

/** Tabs whose failed load is on its way into the state (its tab is being asked about first). */
const arriving = new Map<number, number>();

/** Runs the intake of a failed load of the tab; meanwhile `mayTrack` counts the tab as tracked. */
export async function whileArriving<T>(tabId: number, intake: () => Promise<T>): Promise<T> {
  arriving.set(tabId, (arriving.get(tabId) ?? 0) + 1);
  try {
    return await intake();
  } finally {
    const left = (arriving.get(tabId) ?? 1) - 1;
    if (left > 0) arriving.set(tabId, left);
    else arriving.delete(tabId);
  }
}

/**
 * Whether the tab might have an incident: false only when the state in memory says it has none and
 * no failed load of it is on its way in. Lets normal browsing skip the state queue entirely.
 */
export function mayTrack(tabId: number): boolean {
  const state = peekState();
  return state === null || tabId in state.tabs || arriving.has(tabId);
}

/** A transition, or one still waiting for a fact about its event (a tab's privacy): it keeps its place in the queue. */
export async function dispatch(transition: Transition | Promise<Transition>): Promise<RecoveryState> {
  const settings = await getSettings();
  let carried: machine.CarriedBudget | null = null;
  const { before, after, value, saved } = await updateState(async (state) => {
    const ready = await transition;
    const now = Date.now();
    const ctx = { now, settings, random: Math.random, browserReloads: BROWSER_RELOADS };
    const jump = clockJumpMs(now, state);
    // A clock set back moves every stored time with it, so no wait grows or shrinks by the jump; a
    // step forward may be a sleep, elapsed time, until a site's Date says otherwise (core/recovery/clock.ts).
    const moved =
      jump < 0 ? machine.shiftClock(state, jump) : jump > 0 ? machine.clockStepped(state, jump, now) : state;
    carried = carrying;
    const current = carried ? machine.budgetCarried(moved, carried, ctx).state : moved;
    const result = ready(current, ctx);
    const changed = result.state !== state;
    return {
      state: changed ? machine.withoutIdleStep({ ...result.state, clock: now }) : state,
      value: result.effects,
    };
  });
  // Never act on a state that was not stored: a restarted worker would not know what was done.
  const effects = saved ? value : [];
  if (saved && carried === carrying) carrying = null;
  // Armed before the effects run: a check's own transition re-arms from the newer state when it ends.
  // An unchanged state needs no new wake-up once this run has armed one: normal browsing costs no API call.
  // Armed before anything is awaited, so wake-ups are armed in the order of the states: armed after
  // the write below, an older state's arm could come last and clear a newer one's wake-up.
  if (after !== before || !armedThisRun) arm(after);
  // The requests the effects are about to send are kept for the next version first.
  if (saved && after !== before) await keepBudget(after);
  await Promise.all([refreshBadges(before, after, settings), ...effects.map((e) => carryOut(e, settings))]);
  return after;
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Resolves once every transition queued before it is stored and its effects have started. */
export function queueSettled(): Promise<RecoveryState> {
  return dispatch((state) => ({ state, effects: [] }));
}

/** Starts every check that is due. Offline, nothing is sent: the same checks are due again shortly. */
export function runDueChecks(): Promise<RecoveryState> {
  if (isOffline()) {
    return queueSettled().then((state) => {
      // Only while something waits: an idle browser that is offline is left asleep.
      if (machine.nextWakeAt(state, RUN_ID) !== null) scheduleWake(Date.now() + OFFLINE_RECHECK_MS);
      return state;
    });
  }
  return readsSettled().then(() => dispatch((state, ctx) => machine.startDueChecks(state, ctx, RUN_ID)));
}

async function carryOut(effect: Effect, settings: Settings): Promise<void> {
  switch (effect.type) {
    case 'probe': {
      const answer = await probe(effect.url);
      await dispatch(
        machine.withServerDate(effect.origin, answer.date, (state, ctx) =>
          machine.checkFinished(
            state,
            {
              origin: effect.origin,
              runId: RUN_ID,
              status: answer.status,
              retryAfter: answer.retryAfter,
              date: answer.date,
              statusText: answer.statusText,
              headers: answer.headers,
              body: answer.body,
            },
            ctx,
          ),
        ),
      );
      return;
    }
    case 'reload':
      if (effect.after !== undefined) await whenShown(effect.after);
      await reloadIfStillFailing(effect.tabId, effect.url, effect.navigate === true);
      return;
    case 'record':
      await appendHistory(effect.incident).catch((error) => console.warn('history not saved', error));
      return;
    case 'notify-recovered':
      if (settings.notifyOnRecovery) await notifyRecovered(effect.tabId, effect.host);
      return;
  }
}

/**
 * Reloads the tab only if it still shows the failing page and is not loading anything: the visitor
 * may have started a navigation since the decision (a page answered by a service worker sends no
 * webRequest event). A tab found elsewhere ends its incident; a busy one is left to its own load,
 * whose end decides, and the state learns that no reload went out. Only GET incidents reach this point.
 */
async function reloadIfStillFailing(tabId: number, url: string, navigate: boolean): Promise<void> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) return;
  const pending = (tab as { pendingUrl?: string }).pendingUrl;
  const elsewhere = [tab.url, pending].find((u) => u !== undefined && !machine.samePage(u, url));
  if (elsewhere !== undefined) {
    await dispatch((state, ctx) => machine.navigationStarted(state, tabId, elsewhere, ctx.now));
    return;
  }
  if (tab.status === 'loading') {
    await dispatch((state, ctx) => machine.reloadSkipped(state, tabId, url, ctx));
    return;
  }
  // The state may have moved on while the tab was asked (its own load ended the incident, say).
  const current = peekState()?.tabs[tabId];
  if (current?.phase !== 'reloading' || !machine.samePage(current.url, url)) return;
  if (navigate) await returnToPage(tabId, tab.url, url);
  else await browser.tabs.reload(tabId).catch(() => {});
}

async function refreshBadges(before: RecoveryState, after: RecoveryState, settings: Settings): Promise<void> {
  const ids = new Set([...Object.keys(before.tabs), ...Object.keys(after.tabs)]);
  const updates: Promise<void>[] = [];
  for (const id of ids) {
    const was = before.tabs[id];
    const is = after.tabs[id];
    const origin = is ? after.origins[scheduleKey(is)] : undefined;
    const wasOrigin = was ? before.origins[scheduleKey(was)] : undefined;
    if (was === is && origin === wasOrigin) continue;
    // A check starting or a request logged changes the site, not what its tabs show: ten tabs of one
    // site would each redraw four times per check. A new look at the site may have been a load of the
    // tab (the page refreshing itself), and Chromium 156 clears a tab's badge, title and icon on every
    // navigation: that, like a changed tab record, is always drawn again.
    if (
      was === is &&
      is &&
      wasOrigin &&
      wasOrigin.lastCheck === origin?.lastCheck &&
      sameBadge(is, wasOrigin, origin, settings)
    )
      continue;
    updates.push(showBadge(Number(id), is, origin, settings));
  }
  await Promise.all(updates);
}

/**
 * Chromium 156 and Firefox clear a tab's badge, title and icon when a new document commits, after
 * webRequest reported its load: a tracked tab is drawn again once it shows its page (a page that
 * refreshes itself, a reload that failed again).
 */
export async function redrawBadge(tabId: number): Promise<void> {
  const state = await readState();
  const tab = state.tabs[tabId];
  if (tab) await showBadge(tabId, tab, state.origins[scheduleKey(tab)], await getSettings());
}

function scheduleWake(at: number): void {
  clearTimeout(timer);
  // The timer serves the live worker on time; the alarm wakes a stopped one (Chrome clamps alarms
  // to 30 s for store installs, so it is only the safety net).
  timer = setTimeout(() => void runDueChecks(), Math.max(0, at - Date.now()));
  void browser.alarms.create(WAKE_ALARM, { when: Math.max(at, Date.now() + 1000) });
}

function arm(state: RecoveryState): void {
  armedThisRun = true;
  const at = machine.nextWakeAt(state, RUN_ID);
  if (at !== null) {
    scheduleWake(at);
    return;
  }
  clearTimeout(timer);
  timer = undefined;
  void browser.alarms.clear(WAKE_ALARM);
}
