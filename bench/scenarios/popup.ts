/**
 * Popup speed: the popup page opened for a healthy tab and for a failing one, timed from navigation
 * start to its first paint, first contentful paint and largest contentful paint (the verdict, once
 * the background answered), from the page's own paint timing entries.
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
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
}

export interface PopupTimes {
  healthy: PopupPaint;
  failing: PopupPaint;
}

/** Paint times of the page; waits for LCP to settle, as it is reported again when bigger content paints. */
async function paints(page: Page): Promise<{ dcl: number; fp: number; fcp: number; lcp: number }> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) lcp = Math.max(lcp, entry.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        const poll = setInterval(() => {
          const fp = performance.getEntriesByName('first-paint')[0]?.startTime;
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
          if (fp === undefined || fcp === undefined || performance.now() < 800) return;
          clearInterval(poll);
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          resolve({ dcl: nav.domContentLoadedEventEnd, fp, fcp, lcp });
        }, 100);
      }),
  );
}

async function timeOpens(browser: BenchBrowser, tabId: number, opens: number): Promise<PopupPaint> {
  const dcl: number[] = [];
  const fp: number[] = [];
  const fcp: number[] = [];
  const lcp: number[] = [];
  for (let i = 0; i < opens; i++) {
    // Its own window, so the measured tab stays the active one, as under a real popup.
    const page = await browser.newWindow();
    await page.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html?tab=${tabId}`);
    const times = await paints(page);
    dcl.push(times.dcl);
    fp.push(times.fp);
    fcp.push(times.fcp);
    lcp.push(times.lcp);
    await page.close();
  }
  return {
    opens,
    domContentLoadedMs: round(median(dcl), 1),
    firstPaintMs: round(median(fp), 1),
    firstContentfulPaintMs: round(median(fcp), 1),
    largestContentfulPaintMs: round(median(lcp), 1),
  };
}

export async function measurePopup(browser: BenchBrowser, opens: number): Promise<PopupTimes> {
  const healthySite = await startBenchServer();
  const failingSite = await startBenchServer();
  try {
    failingSite.fail(502);
    const healthyTab = await browser.newWindow();
    await healthyTab.goto(healthySite.url('/home'));
    const failingTab = await browser.newWindow();
    await failingTab.goto(failingSite.url('/home'));
    const ids = await browser.worker!.evaluate(
      (urls) =>
        chrome.tabs.query({}).then((tabs) => urls.map((url) => tabs.find((tab) => tab.url === url)?.id)),
      [healthySite.url('/home'), failingSite.url('/home')],
    );
    if (ids.some((id) => id === undefined)) throw new Error('popup benchmark: tabs not found');
    return {
      healthy: await timeOpens(browser, ids[0]!, opens),
      failing: await timeOpens(browser, ids[1]!, opens),
    };
  } finally {
    await healthySite.close();
    await failingSite.close();
  }
}
