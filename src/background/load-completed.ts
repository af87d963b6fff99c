/** A main-frame load in a tab ended: what the machine needs to know about it, gathered cheaply. */
import browser, { type WebRequest } from 'webextension-polyfill';
import { headerValue } from '../core/layer';
import * as machine from '../core/recovery';
import type { LoadCompleted } from '../core/recovery/context';
import { parseRefreshSeconds } from '../core/recovery/page-refresh';
import { scheduleKey } from '../core/recovery-state';
import { dispatch, mayTrack, queueSettled, whileArriving } from './engine';
import { leftFailingPage, pageLoadedHealthy } from './history-store';
import { whileReading } from './page-reads';
import { tabFacts } from './private-tabs';

/** Only an error can start an incident; every other load skips the extra lookups. */
const MIGHT_FAIL = 400;
/** Up to 2 s for the tab to show the page: webRequest's report comes before it. */
const META_READ_TRIES = 20;
const META_READ_GAP_MS = 100;

export function loadCompleted(details: WebRequest.OnCompletedDetailsType, requestMs: number | null) {
  // A healthy load of a tab without an incident changes nothing: normal browsing skips the queue.
  if (details.statusCode < MIGHT_FAIL) {
    const at = Date.now();
    const tracked = mayTrack(details.tabId);
    if (!tracked && !leftFailingPage(details.tabId)) return Promise.resolve();
    // After the transitions queued before it, whose history records may still be on their way (a
    // page retrying at a new address ends its incident as the retry starts; a local answer can
    // complete before that record is written, seen in Chromium 156).
    const intake = tracked ? takeIn(details, requestMs) : queueSettled();
    return intake.then(() => pageLoadedHealthy(details.tabId, details.url, at).catch(() => {}));
  }
  return whileArriving(details.tabId, () => takeIn(details, requestMs));
}

async function takeIn(details: WebRequest.OnCompletedDetailsType, requestMs: number | null) {
  // Whether the tab is private and shown, asked only for a failed load, before the transition is
  // queued: waiting inside the queue held every other transition up (seen with 30 failing tabs).
  // A tab that is gone by then has nothing to recover.
  const facts = details.statusCode >= MIGHT_FAIL ? await tabFacts(details) : null;
  if (facts?.gone) return;
  const load: LoadCompleted = {
    tabId: details.tabId,
    url: details.url,
    method: details.method,
    statusCode: details.statusCode,
    headers: details.responseHeaders,
    statusLine: details.statusLine,
    requestMs,
    ...(requestMs !== null && { requestStartedAt: details.timeStamp - requestMs }),
  };
  // The site's clock, unless the answer came from the browser's cache (its Date is the cached one).
  const date = details.fromCache ? null : headerValue(details.responseHeaders, 'date');
  const age = Number(headerValue(details.responseHeaders, 'age')) || 0;
  const after = await dispatch(
    machine.withServerDate(
      // A private tab's site has a schedule of its own (scheduleKey): its clock reading goes there.
      scheduleKey({
        origin: new URL(details.url).origin,
        ...(facts?.incognito && { private: true as const }),
      }),
      date,
      (state, ctx) => machine.loadCompleted(state, { ...load, ...facts }, ctx),
      age,
    ),
  );
  const tab = after.tabs[details.tabId];
  if (tab?.phase === 'waiting') await whileReading(readMetaRefresh(details.tabId, tab.url));
}

/**
 * A maintenance page that refreshes itself says so in `<meta http-equiv="refresh">`: read it, so the
 * first check waits for the page's own reload instead of adding one. webRequest reports the load
 * before the tab shows the new document (Chromium 156), so the read waits until the tab shows it,
 * complete (a few short looks at most): only the failed page is ever scripted, once. A page the
 * browser drew itself (an empty 502) cannot be scripted; then there is nothing to read.
 */
async function readMetaRefresh(tabId: number, url: string): Promise<void> {
  for (let attempt = 0; attempt < META_READ_TRIES; attempt++) {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (!tab) return;
    // A new tab's first page may have no `url` yet when webRequest reports its load (Chromium 156:
    // status `loading`, url undefined, seen with a tab opened after another had run): look again.
    if (tab.url && tab.status === 'complete' && machine.samePage(tab.url, url)) {
      const [injection] = await browser.scripting
        .executeScript({
          target: { tabId },
          func: () => document.querySelector('meta[http-equiv="refresh" i]')?.getAttribute('content') ?? null,
        })
        .catch(() => []);
      const seconds = parseRefreshSeconds(injection?.result as string | null | undefined);
      if (seconds !== null)
        await dispatch((state) => machine.pageDeclaresRefresh(state, tabId, url, seconds));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, META_READ_GAP_MS));
  }
}
