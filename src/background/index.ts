/**
 * Background entry (Chrome service worker, Firefox event page). Every listener is registered
 * synchronously here, at the top level, so events that wake a stopped worker are never lost.
 * No state lives in globals: see state-store.ts.
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import { isRequest } from '../core/messages';
import * as machine from '../core/recovery';
import { dispatch, runDueChecks, WAKE_ALARM } from './engine';
import { handleRequest } from './message-handler';
import { onNotificationClicked } from './notifications';
import { watchSettings } from './settings-store';
import { readState } from './state-store';

const WEB = { urls: ['http://*/*', 'https://*/*'], types: ['main_frame' as const] };

// Start times of main-frame requests, for "how long did the failing request take". Losing them with
// the worker only loses that one detail.
const requestStarts = new Map<string, number>();

browser.webRequest.onBeforeRequest.addListener((details) => {
  if (details.tabId < 0) return;
  if (requestStarts.size > 200) requestStarts.clear();
  requestStarts.set(details.requestId, details.timeStamp);
}, WEB);

browser.webRequest.onCompleted.addListener(
  (details: WebRequest.OnCompletedDetailsType) => {
    const started = requestStarts.get(details.requestId);
    requestStarts.delete(details.requestId);
    // A prerendered page is not what the visitor sees: its errors must not reload the visible one.
    if (details.tabId < 0 || (details as { documentLifecycle?: string }).documentLifecycle === 'prerender')
      return;
    void dispatch((state, ctx) =>
      machine.loadCompleted(
        state,
        {
          tabId: details.tabId,
          url: details.url,
          method: details.method,
          statusCode: details.statusCode,
          headers: details.responseHeaders,
          requestMs: started === undefined ? null : Math.round(details.timeStamp - started),
        },
        ctx,
      ),
    );
  },
  WEB,
  ['responseHeaders'],
);

browser.tabs.onRemoved.addListener((tabId) => {
  void dispatch((state, ctx) => machine.tabClosed(state, tabId, ctx.now));
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url) void dispatch((state, ctx) => machine.tabUrlChanged(state, tabId, change.url!, ctx.now));
});

browser.tabs.onActivated.addListener(({ tabId }) => {
  void dispatch((state, ctx) => machine.tabActivated(state, tabId, ctx.now)).then(runDueChecks);
});

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

// A worker that was stopped mid-wait runs the checks that fell due while it was gone.
void runDueChecks();
