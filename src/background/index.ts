/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered
 * synchronously here, at the top level, so events that wake a stopped worker are never lost.
 * No state lives in globals: see state-store.ts.
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import { isRequest } from '../core/messages';
import { isNetFailure, netErrorKind } from '../core/net-errors';
import * as machine from '../core/recovery';
import { isSpeculativeLoad } from '../core/speculative-load';
import { askOpenTabs, forgetTabPage, pageAnswered } from './answered-pages';
import { carriedBudget } from './budget-store';
import { dispatch, mayTrack, redrawBadge, runDueChecks, takeInBudget, WAKE_ALARM } from './engine';
import { loadCompleted } from './load-completed';
import { loadFailed } from './load-failed';
import { handleRequest } from './message-handler';
import { onNotificationClicked } from './notifications';
import { forgetReportedLoad, noteReportedLoad, tabLoadChanged } from './page-loads';
import { watchSettings } from './settings-store';
import { pageLeaving, pageShown } from './shown-pages';
import { forgetGoneTabs, forgetGoneWindows, scanOpenTabs } from './startup-scan';
import { peekState, readState } from './state-store';

const WEB = { urls: ['http://*/*', 'https://*/*'], types: ['main_frame' as const] };

// Start times of main-frame requests, for "how long did the failing request take". Losing them with
// the worker only loses that one detail.
const requestStarts = new Map<string, number>();

/** A main-frame request ended (answered or not): how long it took, when its start was seen. */
function requestEnded(details: { requestId: string; timeStamp: number }): number | null {
  const started = requestStarts.get(details.requestId);
  requestStarts.delete(details.requestId);
  return started === undefined ? null : Math.round(details.timeStamp - started);
}

browser.webRequest.onBeforeRequest.addListener((details) => {
  // A prefetch or prerender the page asked for leaves the tab's page where it is: no navigation.
  if (details.tabId < 0 || isSpeculativeLoad(details)) return;
  forgetReportedLoad(details.tabId);
  pageLeaving(details.tabId);
  // A second event for one request is a redirect of a load already under way, not a new navigation.
  const redirect = requestStarts.has(details.requestId);
  if (requestStarts.size > 200) requestStarts.clear();
  if (!redirect) requestStarts.set(details.requestId, details.timeStamp);
  // The visitor (or the page) started another navigation in a failing tab: its incident ends now,
  // before the new page answers, so no reload of ours can replace it.
  if (!redirect && mayTrack(details.tabId)) {
    void dispatch((state, ctx) => machine.navigationStarted(state, details.tabId, details.url, ctx.now));
  }
}, WEB);

browser.webRequest.onCompleted.addListener(
  (details: WebRequest.OnCompletedDetailsType) => {
    const requestMs = requestEnded(details);
    // A prefetched or prerendered page is not what the visitor sees: its errors must not reload the visible one.
    if (details.tabId < 0 || isSpeculativeLoad(details)) return;
    noteReportedLoad(details.tabId, details.url);
    pageAnswered(details.tabId, details.url);
    void loadCompleted(details, requestMs);
  },
  WEB,
  ['responseHeaders'],
);

// A load that got no answer at all. Cancelled loads (the visitor went elsewhere: Firefox ESR 153
// reports that after the next page's request started), certificate errors and blocked loads are left
// alone: retrying cannot fix them.
browser.webRequest.onErrorOccurred.addListener((details) => {
  const requestMs = requestEnded(details);
  // A prefetch or prerender that got no answer is not the tab's page failing.
  if (details.tabId < 0 || isSpeculativeLoad(details)) return;
  const kind = netErrorKind(details.error);
  if (kind === 'aborted') return;
  // The browser's own error page is no page to read a status from.
  noteReportedLoad(details.tabId, details.url);
  if (isNetFailure(kind)) void loadFailed(details, kind, requestMs);
}, WEB);

browser.tabs.onRemoved.addListener((tabId) => {
  forgetTabPage(tabId);
  void dispatch((state, ctx) => machine.tabClosed(state, tabId, ctx.now));
});

// A private window's site schedules go with it (Firefox for Android has no windows: see startup-scan.ts).
// Any other window closing costs no state work once the state is in memory.
browser.windows?.onRemoved.addListener((windowId) => {
  const state = peekState();
  if (state && !Object.values(state.origins).some((o) => o.windows?.includes(windowId))) return;
  void dispatch((state, ctx) => machine.windowsClosed(state, [windowId], ctx.now));
});

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.url && mayTrack(tabId))
    void dispatch((state, ctx) => machine.tabUrlChanged(state, tabId, change.url!, ctx.now));
  if (change.status === 'complete') pageShown(tabId);
  if (change.status === 'complete' && mayTrack(tabId)) void redrawBadge(tabId);
  tabLoadChanged(tabId, change.status, tab.url);
});

browser.tabs.onReplaced.addListener((added, removed) => {
  void dispatch((state, ctx) => machine.tabReplaced(state, added, removed, ctx.now));
});

// Tabs that failed before we were there: at install, after an update (session state is gone) and
// when the browser starts with restored tabs.
browser.runtime.onInstalled.addListener(({ reason }) => {
  // The old version's last minute of requests still counts; taken in before any tab is.
  if (reason === 'update') void takeInBudget(carriedBudget(Date.now()));
  void scanOpenTabs();
});
browser.runtime.onStartup.addListener(() => void scanOpenTabs());

browser.tabs.onActivated.addListener(({ tabId, windowId }) => {
  void dispatch((state, ctx) => machine.tabActivated(state, tabId, windowId, ctx.now)).then(runDueChecks);
});

// The device is back online: the checks held while it was offline go now. Firefox ESR 153's event
// page hears it; Chromium 156's worker has no `online` event, so its 5 s look while offline covers it.
if ('ononline' in globalThis) globalThis.addEventListener('online', () => void runDueChecks());

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === WAKE_ALARM) void runDueChecks();
});

// Firefox for Android has no keyboard commands (MDN browser-compat-data 8.1); notifications are
// looked up the same way. A listener on a missing API would throw here and lose every one below it.
browser.notifications?.onClicked?.addListener((id) => void onNotificationClicked(id));

browser.runtime.onMessage.addListener((message: unknown) => {
  // Returning undefined leaves messages that are not ours to other listeners.
  return isRequest(message) ? handleRequest(message) : undefined;
});

browser.commands?.onCommand.addListener(async (command) => {
  if (command !== 'retry-now') return;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active?.id === undefined) return;
  const incident = (await readState()).tabs[active.id];
  // A page that came from a form is never reloaded: the browser would send the form again.
  if (incident?.method !== undefined && incident.method !== 'GET') return;
  await browser.tabs.reload(active.id, { bypassCache: true });
});

watchSettings(() => {
  void dispatch((state, ctx) => machine.settingsChanged(state, ctx));
});

// The pages open tabs show, for a reload that fails before this background has seen any load of its tab.
askOpenTabs();

// A worker that was stopped mid-wait runs the checks that fell due while it was gone, for tabs that still exist.
void Promise.all([forgetGoneTabs(), forgetGoneWindows()]).then(runDueChecks, runDueChecks);
