/**
 * Outage recovery: tabs load a page while its site is down (502, or its port closed: connection
 * refused), the outage lasts a set time, then
 * the site comes back. Counts the requests that reached the site during the outage beyond the
 * visitor's own loads, and the time from the site's return until the page content is visible.
 *
 * The cases of one contender run side by side on separate servers (separate origins), a bounded
 * number of tabs at a time, so that a full run fits in minutes without overloading two cores.
 */
import type { Page } from 'playwright-core';
import type { BenchBrowser, Contender } from '../browser.ts';
import { type BenchServer, startBenchServer } from '../outage-server.ts';

export type Layout = 'one-visible' | 'ten-tabs' | 'background' | 'refused';

export const LAYOUT_NAMES: Record<Layout, string> = {
  'one-visible': 'one visible tab',
  'ten-tabs': 'ten tabs, one origin',
  background: 'one background tab',
  refused: 'one visible tab, connection refused',
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
  /**
   * The same for the failing tab in front of its window, the one the visitor looks at (one visible
   * tab: that tab; ten tabs: the last opened); null when none is in front (background) or it never came back.
   */
  frontTabMs: number | null;
  boundMs: number;
  /** How long the tabs' first (error) loads took, the slowest of them: high values mean a busy machine. */
  errorLoadMs: number;
  /** Which page timing dated the content: first contentful paint, or DOMContentLoaded where no paint was recorded. */
  timing: 'paint' | 'dcl' | 'none';
  /**
   * How many of the failing tabs the extension saw as the active tab of their window right after
   * their failed load (`tabs.query` in its worker); null without an extension.
   */
  shownTabs: number | null;
}

/**
 * How long after the site's return a run waits before calling it "never": the outage's length, at
 * least 20 s, at most 150 s (Gateway Rescue's longest wait is 120 s; the 5-minute case would
 * otherwise keep the run waiting 5 more minutes for the browser without an extension).
 */
export const boundMs = (outageS: number) => Math.min(150, Math.max(20, outageS)) * 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Placed {
  failing: Page[];
  all: Page[];
}

/** Opens the tabs of a case. */
async function place(browser: BenchBrowser, layout: Layout): Promise<Placed> {
  const first = await browser.newWindow();
  if (layout === 'one-visible' || layout === 'refused') return { failing: [first], all: [first] };
  if (layout === 'ten-tabs') {
    const tabs = [first];
    for (let i = 1; i < 10; i++) tabs.push(await browser.newTab());
    return { failing: tabs, all: tabs };
  }
  // The failing tab stays behind another tab of its window for the whole run: `newTab` opens the
  // front tab as the window's active one, so the extension sees the failing one as `active: false`
  // (checked in every run: `shownTabs`).
  const front = await browser.newTab();
  await front.bringToFront();
  return { failing: [first], all: [first, front] };
}

/**
 * Which of these URLs' tabs are the active tab of their window, as the extension sees it; null
 * without an extension. (Not the pages' own `visibilityState`: under Playwright every page of the
 * bench says `visible`, Chromium 156.)
 */
async function shownTabs(browser: BenchBrowser, urls: string[]): Promise<number[] | null> {
  if (!browser.worker) return null;
  return browser.worker.evaluate(async (wanted) => {
    const active = (await chrome.tabs.query({})).filter((t) => t.active).map((t) => t.url ?? '');
    return wanted.flatMap((url, index) => (active.includes(url) ? [index] : []));
  }, urls);
}

interface Healthy {
  at: number;
  timing: 'paint' | 'dcl';
}

/**
 * When the page showed healthy content (epoch ms, from the page's own timings); 'painting' while the
 * healthy page is there but its paint entry not yet; null for an error page or a page in transit.
 */
async function healthySince(page: Page): Promise<Healthy | 'painting' | null> {
  try {
    return await page.evaluate(() => {
      if (!document.querySelector('#state')?.textContent?.startsWith('ok')) return null;
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      if (paint) return { at: performance.timeOrigin + paint.startTime, timing: 'paint' as const };
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      // The paint entry is recorded a frame or two after the load; a page that never paints is
      // dated by its DOMContentLoaded once the paint is clearly not coming.
      if (
        !nav ||
        nav.domContentLoadedEventEnd === 0 ||
        performance.now() - nav.domContentLoadedEventEnd < 2000
      ) {
        return 'painting' as const;
      }
      return { at: performance.timeOrigin + nav.domContentLoadedEventEnd, timing: 'dcl' as const };
    });
  } catch {
    return null; // a reload replaced the document under us
  }
}

/**
 * Looks at the page after each of its loads (and every few seconds in case a load slipped by), never
 * in a tight loop: with a hundred tabs open, polling them would load the machine more than the
 * contenders do. The date comes from the page itself, so looking late costs no precision.
 */
export async function waitHealthy(page: Page, deadline: number): Promise<Healthy | null> {
  let loads = 0;
  let wake = () => {};
  const onLoad = () => {
    loads++;
    wake();
  };
  page.on('load', onLoad);
  try {
    while (Date.now() < deadline) {
      const seenLoads = loads;
      const healthy = await healthySince(page);
      if (healthy && healthy !== 'painting') return healthy;
      const waitMs = healthy === 'painting' ? 200 : 5000;
      if (loads === seenLoads || healthy === 'painting') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, Math.min(waitMs, deadline - Date.now())));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    return null;
  } finally {
    page.off('load', onLoad);
  }
}

async function runCase(
  browser: BenchBrowser,
  contender: Contender,
  c: RecoveryCase,
  placed: Placed,
  server: BenchServer,
): Promise<RecoveryRun> {
  const { failing } = placed;
  const refused = c.layout === 'refused';
  if (refused) await server.refuse();
  else server.fail(502);
  const start = Date.now();
  const urls = failing.map((_, i) => server.url(`/article/${i + 1}`));
  // A refused load rejects `goto`: the browser's error page is what the tab shows.
  await Promise.all(failing.map((page, i) => page.goto(urls[i]!).catch(() => {})));
  const errorLoadMs = Date.now() - start;
  const shown = await shownTabs(browser, urls);
  // Without an extension to ask, a single failing tab is the one in front (its own window).
  const front = shown ? (shown[0] ?? null) : c.layout === 'one-visible' ? 0 : null;
  await sleep(start + c.outageS * 1000 - Date.now());
  await server.recover();
  const back = Date.now();
  const bound = boundMs(c.outageS);
  const healthy = await Promise.all(failing.map((page) => waitHealthy(page, back + bound)));

  const during = server.requests.filter((r) => r.at >= start && r.at < back);
  const times = healthy.map((h) => (h ? Math.max(0, h.at - back) : null));
  const done = times.every((t) => t !== null);
  const frontMs = front === null ? null : (times[front] ?? null);
  const timings = new Set(healthy.map((h) => h?.timing ?? 'none'));
  return {
    contender,
    ...c,
    tabs: failing.length,
    // A closed port receives nothing, not even the tabs' first loads.
    addedRequests: during.length - (refused ? 0 : failing.length),
    addedNonGet: during.filter((r) => r.method !== 'GET').length,
    recoveryMs: done ? Math.round(Math.max(...(times as number[]))) : null,
    frontTabMs: frontMs === null ? null : Math.round(frontMs),
    firstTabMs: times.some((t) => t !== null)
      ? Math.round(Math.min(...times.filter((t): t is number => t !== null)))
      : null,
    boundMs: bound,
    errorLoadMs,
    timing: timings.has('dcl') ? 'dcl' : timings.has('paint') ? 'paint' : 'none',
    shownTabs: shown?.length ?? null,
  };
}

const PAGES: Record<Layout, number> = { 'one-visible': 1, 'ten-tabs': 10, background: 2, refused: 1 };

export interface Concurrency {
  /** Most tabs open at once: a trial with all 165 at once slowed a 502 page load to seconds. */
  maxPages: number;
  /** Least time between two case starts, so that their first loads do not pile up. */
  staggerMs: number;
  /**
   * Least time between the site's return in one case and that of any other case under way. Cases of
   * one length started together came back together: thirty tabs reloading at once on two cores took
   * seconds to paint, and that was measured as the contender's delay.
   */
  returnGapMs: number;
  /**
   * When each case under way comes back (epoch ms): one map for every browser of a run, so that the
   * long cases in their own browsers keep the gap too.
   */
  returns: Map<RecoveryCase, number>;
}

/**
 * Least time between a case's start (its first loads: up to a second for ten tabs) and another's
 * return. Kept at the return gap, it left almost no moment to start at: Gateway Rescue's cases took
 * 460 s instead of 190.
 */
const START_GAP_MS = 1000;

/** How long to look again for a case that fits, when none does now. */
const FIT_POLL_MS = 250;

/**
 * Runs the cases side by side, each on its own server (its own origin), longest outages first, as
 * many at a time as fit in `maxPages` tabs, none coming back within `returnGapMs` of another's
 * return nor starting within `START_GAP_MS` of one; a case starts as soon as one fits.
 */
export async function measureRecovery(
  browser: BenchBrowser,
  contender: Contender,
  cases: RecoveryCase[],
  { maxPages, staggerMs, returnGapMs, returns }: Concurrency,
): Promise<RecoveryRun[]> {
  const pending = [...cases].sort((a, b) => b.outageS - a.outageS || PAGES[b.layout] - PAGES[a.layout]);
  const runs: RecoveryRun[] = [];
  const running = new Map<RecoveryCase, Promise<void>>();
  const clear = (at: number, gap: number) => [...returns.values()].every((r) => Math.abs(r - at) >= gap);
  let pagesInUse = 0;
  while (pending.length > 0) {
    const now = Date.now();
    const next = pending.findIndex(
      (c) =>
        pagesInUse + PAGES[c.layout] <= maxPages &&
        clear(now + c.outageS * 1000, returnGapMs) &&
        clear(now, START_GAP_MS),
    );
    if (next < 0) {
      await Promise.race([...running.values(), sleep(FIT_POLL_MS)]);
      continue;
    }
    const [c] = pending.splice(next, 1) as [RecoveryCase];
    pagesInUse += PAGES[c.layout];
    returns.set(c, now + c.outageS * 1000);
    // Placed here, one case at a time: `newTab` goes into the window opened last.
    const placed = await place(browser, c.layout);
    const server = await startBenchServer();
    // The outage starts now, after the placing: its return is this much later than planned.
    returns.set(c, Date.now() + c.outageS * 1000);
    const task = async () => {
      try {
        runs.push(await runCase(browser, contender, c, placed, server));
      } finally {
        await Promise.all(placed.all.map((p) => p.close().catch(() => {})));
        await server.close();
        pagesInUse -= PAGES[c.layout];
        running.delete(c);
        returns.delete(c);
      }
    };
    running.set(c, task());
    await sleep(staggerMs);
  }
  await Promise.all(running.values());
  return runs;
}
