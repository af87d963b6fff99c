/**
 * The real-web scenarios, written once and run in every browser: each test file supplies a driver
 * for its automation library (Playwright for Chromium, Puppeteer over BiDi for Firefox).
 */
import { expect, it } from 'vitest';
import type { Incident, RecoveryState } from '../../../src/core/recovery-state';
import { mostInAMinute, type RealWebServer, startRealWebServer } from './real-web-server';
import { sleep, waitFor } from './wait';

export interface RealWebDriver<P> {
  open(url: string): Promise<P>;
  goto(page: P, url: string): Promise<void>;
  reload(page: P): Promise<void>;
  bringToFront(page: P): Promise<void>;
  urlOf(page: P): string;
  /** The page's `#state` text, or null while it is in transit. */
  stateText(page: P): Promise<string | null>;
  setSettings(settings: Record<string, unknown>): Promise<void>;
  /** The engine's stored state, read by the extension. */
  sessionState(): Promise<RecoveryState>;
  history(): Promise<Incident[]>;
  badgeText(url: string): Promise<string>;
  /** The popup over the tab showing `url`: its verdict and its fixes, in order. */
  popup(url: string): Promise<{ verdict(): Promise<string>; fixes(): Promise<string[]> }>;
}

/** What Playwright's and Puppeteer's pages both offer. */
interface BrowserPage {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  bringToFront(): Promise<void>;
  url(): string;
}

/** The driver's page actions, the same in both libraries; every page opened goes to `opened`. */
export function pageActions<P extends BrowserPage>(
  newPage: () => Promise<P>,
  opened: P[],
): Pick<RealWebDriver<P>, 'open' | 'goto' | 'reload' | 'bringToFront' | 'urlOf'> {
  return {
    open: async (url) => {
      const page = await newPage();
      opened.push(page);
      await page.goto(url);
      return page;
    },
    goto: async (page, url) => {
      await page.goto(url);
    },
    reload: async (page) => {
      await page.reload();
    },
    bringToFront: (page) => page.bringToFront(),
    urlOf: (page) => page.url(),
  };
}

/** Servers started by the scenarios, for the test file to close after each test. */
export const realWebSites: RealWebServer[] = [];

async function site(options?: Parameters<typeof startRealWebServer>[0]): Promise<RealWebServer> {
  const s = await startRealWebServer(options);
  realWebSites.push(s);
  return s;
}

const backTo = <P>(driver: RealWebDriver<P>, page: P, text: string, timeoutMs = 10_000) =>
  waitFor(
    `${text} shown`,
    () => driver.stateText(page),
    (t) => t === text,
    timeoutMs,
  );

/**
 * The back end behind the visitor's session is down; anonymous requests get the page. The check
 * without cookies gets through, the tab with them does not: after that one cycle the tab's own
 * reload is the check, on the schedule and within 8 requests a minute, and the popup says why,
 * leading with this site's cookies.
 */
export async function sessionCookieFailure<P>(driver: RealWebDriver<P>): Promise<void> {
  const shop = await site();
  const page = await driver.open(shop.url('/login'));
  await driver.goto(page, shop.url('/account'));
  expect(await driver.stateText(page)).toBe('error 502');
  await sleep(15_000);
  expect((await driver.sessionState()).origins[shop.origin]?.checkBy).toBe('tab');
  expect(shop.checks('/account')).toBe(1);
  expect(mostInAMinute(shop.requests, '/account', 1)).toBeLessThanOrEqual(8);
  expect(shop.documents('/account')).toBeGreaterThan(2);
  const popup = await driver.popup(shop.url('/account'));
  await waitFor(
    'the explanation',
    () => popup.verdict(),
    (t) => t.includes('answers a check made without your cookies'),
    10_000,
  );
  expect((await popup.fixes())[0]).toMatch(/clear/i);
}

/**
 * A maintenance page that refreshes itself every 2 s gets no request from the extension, still shows
 * as failing (its badge is drawn again after each refresh commits) and still recovers.
 */
export async function selfRefreshingPage<P>(driver: RealWebDriver<P>): Promise<void> {
  const maint = await site({ refreshSeconds: 2 });
  const startedAt = Date.now();
  const page = await driver.open(maint.url('/maintenance'));
  await sleep(10_000);
  expect(maint.checks('/maintenance')).toBe(0);
  // The page alone: one load every 2 s, nothing of ours on top.
  const seconds = (Date.now() - startedAt) / 1000;
  expect(maint.documents('/maintenance')).toBeGreaterThanOrEqual(3);
  expect(maint.documents('/maintenance')).toBeLessThanOrEqual(Math.floor(seconds / 2) + 2);
  // Looked at over one refresh: the browser clears the badge as each refresh commits.
  await waitFor(
    'the badge',
    () => driver.badgeText(maint.url('/maintenance')),
    (text) => text !== '',
    3_000,
  );
  maint.recover();
  await backTo(driver, page, 'ok /maintenance');
  expect(maint.checks('/maintenance')).toBe(0);
}

/**
 * An error page that retries by script at a new address every 0.7 s: each retry ends its incident and
 * starts another, and every failed retry moves the site's next check out by the schedule's current
 * wait (1.2-1.5 s), past the page's next retry. The history keeps one entry, which ends as recovered.
 */
export async function retryingPage<P>(driver: RealWebDriver<P>): Promise<void> {
  const retrying = await site();
  const page = await driver.open(retrying.url('/retrying'));
  const firstRetry = Date.now() + 700;
  await sleep(10_000);
  expect(retrying.documents('/retrying')).toBeGreaterThanOrEqual(6);
  expect(retrying.checks('/retrying', firstRetry)).toBe(0);
  retrying.recover();
  await backTo(driver, page, 'ok /retrying');
  const outcomes = async () =>
    (await driver.history()).filter((i) => i.url.startsWith(retrying.url('/retrying'))).map((i) => i.outcome);
  await expect.poll(outcomes).toEqual(['recovered']);
}

/**
 * The visitor leaves a waiting tab for a page that takes 5 s to answer; the failing site comes back
 * meanwhile (checks would now succeed): the tab is never pulled back.
 */
export async function visitorLeaves<P>(driver: RealWebDriver<P>): Promise<void> {
  const failing = await site();
  const elsewhere = await site({ slowMs: 5000 });
  const page = await driver.open(failing.url('/article'));
  await waitFor(
    'a first check',
    () => failing.checks('/article'),
    (n) => n >= 1,
    10_000,
  );
  const leftAt = Date.now();
  const leaving = driver.goto(page, elsewhere.url('/slow'));
  await sleep(300);
  failing.recover();
  await leaving;
  await sleep(3000);
  expect(driver.urlOf(page)).toBe(elsewhere.url('/slow'));
  expect(await driver.stateText(page)).toBe('ok /slow');
  expect(failing.documents('/article', leftAt)).toBe(0);
}

/**
 * A hidden waiting tab on the sparse schedule (60 s cap): the visitor switches to it past the 3 s
 * floor, with the site back, and sees the page within 3 s, long before its next scheduled check.
 */
export async function switchToWaitingTab<P>(driver: RealWebDriver<P>): Promise<void> {
  await driver.setSettings({ maxDelaySeconds: 60, maxAttempts: 20 });
  const failing = await site();
  const behind = await driver.open(failing.url('/news'));
  const front = await driver.open(failing.url('/front-page-ok'));
  failing.recover();
  await driver.reload(front);
  await driver.bringToFront(front);
  await sleep(500);
  const lastLook = Math.max(...failing.requests.filter((r) => r.path === '/news').map((r) => r.at));
  await sleep(Math.max(0, lastLook + 3200 - Date.now()));
  const switchedAt = Date.now();
  await driver.bringToFront(behind);
  await backTo(driver, behind, 'ok /news', 3000);
  expect(Date.now() - switchedAt).toBeLessThan(3000);
}

/**
 * Three waiting tabs of a site whose pages end their load only with a 2.5 s image: once the site is
 * back, the tab in front is reloaded first, the two hidden ones only once it has shown its page, and
 * never more than about 1 s after it.
 */
export async function frontTabFirst<P>(driver: RealWebDriver<P>): Promise<void> {
  const shop = await site({ imageMs: 2500 });
  const tabs: P[] = [];
  for (const n of [1, 2, 3]) tabs.push(await driver.open(shop.url(`/heavy/${n}`)));
  await driver.bringToFront(tabs[2]!);
  await sleep(300);
  const back = Date.now();
  shop.recover();
  for (const [i, page] of tabs.entries()) await backTo(driver, page, `ok /heavy/${i + 1}`, 15_000);
  const loads = shop.requests.filter((r) => r.document && r.at >= back && r.path.startsWith('/heavy/'));
  expect(loads.map((r) => r.path)).toHaveLength(3);
  expect(loads[0]!.path).toBe('/heavy/3');
  for (const follower of loads.slice(1)) {
    expect(follower.at - loads[0]!.at).toBeGreaterThanOrEqual(900);
    expect(follower.at - loads[0]!.at).toBeLessThan(2000);
  }
}

/**
 * The first load fails; every later page load never answers while checks get through. The check
 * answers, the reload hangs, and 30 s later it counts as a failed attempt, not as a reason to check
 * and reload at once.
 */
export async function hungReload<P>(driver: RealWebDriver<P>): Promise<void> {
  const hanging = await site();
  await driver.open(hanging.url('/hang'));
  await sleep(36_000);
  expect((await driver.sessionState()).origins[hanging.origin]?.attempts).toBeGreaterThanOrEqual(1);
  expect(hanging.documents('/hang')).toBeLessThanOrEqual(3);
  expect(mostInAMinute(hanging.requests, '/hang', 1)).toBeLessThanOrEqual(8);
}

/** Every scenario above as a test of the calling file's `describe`. */
export function realWebTests<P>(driver: RealWebDriver<P>): void {
  it('a failure tied to the session cookie stays within the site budget, and the popup says why', () =>
    sessionCookieFailure(driver));
  it('a maintenance page that refreshes itself gets no request from the extension, and still recovers', () =>
    selfRefreshingPage(driver));
  it('an error page that retries at a new address every 0.7 s gets no check after its first retry, and still recovers', () =>
    retryingPage(driver));
  it('a visitor who leaves a waiting tab for a slow page is never pulled back, even when the site returns', () =>
    visitorLeaves(driver));
  it('switching to a waiting background tab shows the page within 3 s once the site is back', () =>
    switchToWaitingTab(driver));
  it('the tab in front is reloaded first, the others once it has shown its page (at most 1 s later)', () =>
    frontTabFirst(driver));
  it('a reload that never completes is counted, and the site hears from us within the budget', () =>
    hungReload(driver));
}
