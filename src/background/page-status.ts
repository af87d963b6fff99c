/**
 * Reads the status a page received from its own navigation entry, on demand, for a load webRequest
 * did not report. `responseStatus` holds it whether the network or a service worker answered
 * (checked in Chromium 156 and Firefox ESR 153). Needs `scripting` plus the host permission we have.
 */
import browser from 'webextension-polyfill';
import { checkPageReport, loadFromReading } from '../core/page-report';
import * as machine from '../core/recovery';
import { dispatch, mayTrack, whileArriving } from './engine';
import { tabFacts } from './private-tabs';

/** Runs inside the page: scripting.executeScript sends the function's text, so no closure and no imports. */
function readNavigationEntry(): unknown {
  const entry = performance.getEntriesByType('navigation')[0] as
    | (PerformanceNavigationTiming & { responseStatus?: number })
    | undefined;
  return {
    url: location.href,
    status: entry?.responseStatus,
    // The document's age on the monotonic clock: its wall-clock start (timeOrigin) cannot be compared
    // with our Date.now() once the clock was set between the two.
    age: performance.now(),
    requestMs: entry ? entry.responseEnd - entry.startTime : undefined,
  };
}

/** Reads the tab's page and feeds what it says to the state machine as a finished load. */
export async function takeInPageReading(tabId: number, url: string): Promise<void> {
  const askedAt = performance.now();
  let raw: unknown;
  try {
    const [frame] = await browser.scripting.executeScript({ target: { tabId }, func: readNavigationEntry });
    raw = frame?.result;
  } catch {
    // Chromium's own error page (an empty 502), a discarded or closed tab: there is nothing to read.
    return;
  }
  const report = checkPageReport(raw, url, performance.now() - askedAt);
  if (!report.ok) return;
  const load = loadFromReading(tabId, report.reading);
  if (load.statusCode < 400) {
    if (mayTrack(tabId)) await dispatch((state, ctx) => machine.loadCompleted(state, load, ctx));
    return;
  }
  // Like a load webRequest reported: private or not, shown or hidden, asked only when it failed.
  await whileArriving(tabId, async () => {
    const facts = await tabFacts({ tabId });
    if (facts.gone) return;
    await dispatch((state, ctx) => machine.loadCompleted(state, { ...load, ...facts }, ctx));
  });
}
