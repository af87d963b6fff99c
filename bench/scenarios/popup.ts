/**
 * Popup speed: the real toolbar popup, opened with `action.openPopup()` over a healthy tab and over
 * a failing one, and over the failing one again right after its service worker was stopped (as
 * Chrome does after 30 s idle). The popup's own paint entries are read from an extension page in
 * another window through `extension.getViews()`, then the popup is closed.
 */
import type { Page } from 'playwright-core';
import type { BenchBrowser } from '../browser.ts';
import { startBenchServer } from '../outage-server.ts';
import { median, round } from '../stats.ts';

export interface PopupPaint {
  opens: number;
  /** The module scripts have run by then: what the first paint waits for. */
  domContentLoadedMs: number;
  firstPaintMs: number;
  /** The slowest tenth of opens. */
  firstPaintP90Ms: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
}

export interface PopupTimes {
  healthy: PopupPaint;
  failing: PopupPaint;
  failingWorkerStopped: PopupPaint;
}

export const POPUP_CASES: readonly (readonly [keyof PopupTimes, string])[] = [
  ['healthy', 'a healthy tab'],
  ['failing', 'a failing tab (502, retrying)'],
  ['failingWorkerStopped', 'a failing tab, worker stopped'],
];

interface OpenTimes {
  dcl: number;
  fp: number;
  fcp: number;
  lcp: number;
  heading: string;
}

/** Opens the popup over the active tab of `windowId` and reads its times once it has settled. */
function openPopupOnce(probe: Page, windowId: number): Promise<OpenTimes> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return probe.evaluate(async (windowId) => {
    await chrome.action.openPopup({ windowId });
    for (let waited = 0; waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const popup = chrome.extension.getViews({ type: 'popup' })[0];
      const fp = popup?.performance.getEntriesByName('first-paint')[0]?.startTime;
      const fcp = popup?.performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
      // Largest contentful paint is reported again whenever bigger content paints: let it settle.
      if (!popup || fp === undefined || fcp === undefined || popup.performance.now() < 800) continue;
      // An observer of the popup's own realm: largest contentful paint is not in its timeline.
      const realm = popup as unknown as typeof globalThis;
      const lcp = await new Promise<number>((resolve) => {
        new realm.PerformanceObserver((list) =>
          resolve(Math.max(...list.getEntries().map((entry) => entry.startTime))),
        ).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(Number.NaN), 500);
      });
      const nav = popup.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const heading = popup.document.querySelector('h1')?.textContent ?? '';
      popup.close();
      return { dcl: nav.domContentLoadedEventEnd, fp, fcp, lcp, heading };
    }
    throw new Error('the popup did not open and paint within 5 s');
  }, windowId);
}

async function timeOpens(
  probe: Page,
  windowId: number,
  opens: number,
  expect: RegExp,
  beforeEach: () => Promise<void> = async () => {},
): Promise<PopupPaint> {
  const times: OpenTimes[] = [];
  for (let i = 0; i < opens; i++) {
    await beforeEach();
    const open = await openPopupOnce(probe, windowId);
    // Timing the wrong page would be worse than no number.
    if (!expect.test(open.heading)) throw new Error(`popup benchmark: unexpected popup "${open.heading}"`);
    times.push(open);
    await probe.waitForTimeout(200);
  }
  const fp = times.map((t) => t.fp).sort((a, b) => a - b);
  return {
    opens,
    domContentLoadedMs: round(median(times.map((t) => t.dcl)), 1),
    firstPaintMs: round(median(fp), 1),
    firstPaintP90Ms: round(fp[Math.ceil(fp.length * 0.9) - 1]!, 1),
    firstContentfulPaintMs: round(median(times.map((t) => t.fcp)), 1),
    largestContentfulPaintMs: round(median(times.map((t) => t.lcp)), 1),
  };
}

export async function measurePopup(browser: BenchBrowser, opens: number): Promise<PopupTimes> {
  const healthySite = await startBenchServer();
  const failingSite = await startBenchServer();
  try {
    failingSite.fail(502);
    // Each tab is the active tab of a window of its own, as under a real popup.
    const healthyTab = await browser.newWindow();
    await healthyTab.goto(healthySite.url('/home'));
    const failingTab = await browser.newWindow();
    await failingTab.goto(failingSite.url('/home'));
    const windows = await browser.worker!.evaluate(
      (urls) =>
        chrome.tabs
          .query({})
          .then((tabs) => urls.map((url) => tabs.find((tab) => tab.url === url)?.windowId)),
      [healthySite.url('/home'), failingSite.url('/home')],
    );
    if (windows.some((id) => id === undefined)) throw new Error('popup benchmark: tabs not found');
    // The page that opens and reads the popup: the options page, which never messages the worker.
    const probe = await browser.newWindow();
    await probe.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
    return {
      healthy: await timeOpens(probe, windows[0]!, opens, /^(?!.*502)./),
      failing: await timeOpens(probe, windows[1]!, opens, /502/),
      failingWorkerStopped: await timeOpens(probe, windows[1]!, opens, /502/, () => browser.stopWorker()),
    };
  } finally {
    await healthySite.close();
    await failingSite.close();
  }
}
