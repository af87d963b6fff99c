/**
 * Outage recovery: tabs load a page while its site is down (502), the outage lasts a set time, then
 * the site comes back. Counts the requests that reached the site during the outage beyond the
 * visitor's own loads, and the time from the site's return until the page content is visible.
 *
 * All cases of one contender run at once, each on its own server (its own origin), so a full run
 * fits in minutes; cases start a little apart so their loads and recoveries do not coincide.
 */
import type { Page } from 'playwright-core';
import type { BenchBrowser, Contender } from '../browser.ts';
import { type BenchServer, startBenchServer } from '../outage-server.ts';

export type Layout = 'one-visible' | 'ten-tabs' | 'background';

export const LAYOUT_NAMES: Record<Layout, string> = {
  'one-visible': 'one visible tab',
  'ten-tabs': 'ten tabs, one origin',
  background: 'one background tab',
};

export interface RecoveryCase {
  layout: Layout;
  outageS: number;
  repeat: number;
}

export interface RecoveryRun extends RecoveryCase {
  contender: Contender;
  tabs: number;
  /** Requests during the outage beyond the tabs' first loads: the load the retrier itself added. */
  addedRequests: number;
  /** Of those, how many were not GET (probes by HEAD, for instance). */
  addedNonGet: number;
  /** Milliseconds from the site's return until every tab shows its content; null: not within the bound. */
  recoveryMs: number | null;
  /** The same for the first tab back. */
  firstTabMs: number | null;
  boundMs: number;
  /** Which page timing dated the content: first contentful paint, or DOMContentLoaded where no paint was recorded. */
  timing: 'paint' | 'dcl' | 'none';
}

/** How long after the site's return a run waits before calling it "never". */
export const boundMs = (outageS: number) => Math.max(20, outageS) * 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Placed {
  failing: Page[];
  all: Page[];
}

/** Opens the tabs of a case. Call one at a time: `newTab` goes into the window opened last. */
async function place(browser: BenchBrowser, layout: Layout): Promise<Placed> {
  const first = await browser.newWindow();
  if (layout === 'one-visible') return { failing: [first], all: [first] };
  if (layout === 'ten-tabs') {
    const tabs = [first];
    for (let i = 1; i < 10; i++) tabs.push(await browser.newTab());
    return { failing: tabs, all: tabs };
  }
  // The failing tab stays behind another tab of its window for the whole run.
  const front = await browser.newTab();
  await front.bringToFront();
  return { failing: [first], all: [first, front] };
}

interface Healthy {
  at: number;
  timing: 'paint' | 'dcl';
}

/** When the page showed healthy content (epoch ms, from the page's own timings), or null if it does not yet. */
async function healthySince(page: Page): Promise<Healthy | null> {
  try {
    return await page.evaluate(() => {
      if (!document.querySelector('#state')?.textContent?.startsWith('ok')) return null;
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      if (paint) return { at: performance.timeOrigin + paint.startTime, timing: 'paint' as const };
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      if (!nav || nav.domContentLoadedEventEnd === 0) return null;
      // The paint entry is recorded a frame or two after the load; a page that never paints is
      // dated by its DOMContentLoaded once the paint is clearly not coming.
      if (performance.now() - nav.domContentLoadedEventEnd < 2000) return null;
      return { at: performance.timeOrigin + nav.domContentLoadedEventEnd, timing: 'dcl' as const };
    });
  } catch {
    return null; // a reload replaced the document under us
  }
}

export async function waitHealthy(page: Page, deadline: number): Promise<Healthy | null> {
  while (Date.now() < deadline) {
    const healthy = await healthySince(page);
    if (healthy) return healthy;
    // The date comes from the page, so a late look costs no precision; a load event wakes us early.
    await page.waitForEvent('load', { timeout: 250 }).catch(() => {});
  }
  return null;
}

async function runCase(
  contender: Contender,
  c: RecoveryCase,
  placed: Placed,
  server: BenchServer,
): Promise<RecoveryRun> {
  const { failing } = placed;
  server.fail(502);
  const start = Date.now();
  await Promise.all(failing.map((page, i) => page.goto(server.url(`/article/${i + 1}`))));
  await sleep(start + c.outageS * 1000 - Date.now());
  server.recover();
  const back = Date.now();
  const bound = boundMs(c.outageS);
  const healthy = await Promise.all(failing.map((page) => waitHealthy(page, back + bound)));

  const during = server.requests.filter((r) => r.at >= start && r.at < back);
  const times = healthy.map((h) => (h ? Math.max(0, h.at - back) : null));
  const done = times.every((t) => t !== null);
  const timings = new Set(healthy.map((h) => h?.timing ?? 'none'));
  return {
    contender,
    ...c,
    tabs: failing.length,
    addedRequests: during.length - failing.length,
    addedNonGet: during.filter((r) => r.method !== 'GET').length,
    recoveryMs: done ? Math.round(Math.max(...(times as number[]))) : null,
    firstTabMs: times.some((t) => t !== null)
      ? Math.round(Math.min(...times.filter((t): t is number => t !== null)))
      : null,
    boundMs: bound,
    timing: timings.has('dcl') ? 'dcl' : timings.has('paint') ? 'paint' : 'none',
  };
}

export async function measureRecovery(
  browser: BenchBrowser,
  contender: Contender,
  cases: RecoveryCase[],
  staggerMs: number,
): Promise<RecoveryRun[]> {
  const prepared: { c: RecoveryCase; placed: Placed; server: BenchServer }[] = [];
  for (const c of cases) {
    prepared.push({ c, placed: await place(browser, c.layout), server: await startBenchServer() });
  }
  try {
    return await Promise.all(
      prepared.map(async ({ c, placed, server }, i) => {
        await sleep(i * staggerMs);
        return runCase(contender, c, placed, server);
      }),
    );
  } finally {
    for (const { placed, server } of prepared) {
      await Promise.all(placed.all.map((p) => p.close().catch(() => {})));
      await server.close();
    }
  }
}
