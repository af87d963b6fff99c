/**
 * The recovery engine on sites that behave like real ones, in real Chromium: a failure tied to the
 * visitor's session, a page that refreshes itself, a visitor who leaves, a tab switched to, a reload
 * that never completes.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium, sessionState as readSessionState } from './support/chromium';
import { openPopupFor } from './support/popup-page';
import { frontTabFirst } from './support/real-web-scenarios';
import { mostInAMinute, type RealWebServer, startRealWebServer } from './support/real-web-server';
import { sleep, waitFor } from './support/wait';

const stateText = (page: Page) =>
  page
    .locator('#state')
    .textContent({ timeout: 2000 })
    .catch(() => null);

describe.runIf(hasChromium)('the engine on the real web, in Chromium', () => {
  let ext: ChromiumExtension;
  const sites: RealWebServer[] = [];
  const pages: Page[] = [];

  const site = async (options?: Parameters<typeof startRealWebServer>[0]) => {
    const s = await startRealWebServer(options);
    sites.push(s);
    return s;
  };
  const open = async (url: string) => {
    const page = await ext.context.newPage();
    pages.push(page);
    await page.goto(url);
    return page;
  };
  const sessionState = () => readSessionState(ext.worker);

  beforeAll(async () => {
    ext = await launchChromium();
  });
  beforeEach(async () => {
    // The fast schedule of the tests (2 s cap); the site budget is the shipped one.
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    for (const s of sites.splice(0)) await s.close();
  });

  it('a failure tied to the session cookie stays within the site budget, and the popup says why', async () => {
    const shop = await site();
    const page = await open(shop.url('/login'));
    await page.goto(shop.url('/account'));
    expect(await stateText(page)).toBe('error 502');
    await sleep(15_000);
    // The check without cookies got through, the tab with them did not: after that one cycle the
    // tab's own reload is the check, on the schedule and within 8 requests a minute.
    const o = (await sessionState()).origins[shop.origin];
    expect(o?.checkBy).toBe('tab');
    expect(shop.checks('/account')).toBe(1);
    expect(mostInAMinute(shop.requests, '/account', 1)).toBeLessThanOrEqual(8);
    expect(shop.documents('/account')).toBeGreaterThan(2);
    const { popup } = await openPopupFor(ext, shop.url('/account'));
    pages.push(popup);
    await expect
      .poll(() => popup.locator('.verdict').textContent())
      .toContain('answers a check made without your cookies');
    // The fix that helps leads: this site's cookies first.
    const fixes = await popup.locator('ol.fixes > li').allTextContents();
    expect(fixes[0]).toMatch(/clear/i);
  });

  it('a maintenance page that refreshes itself gets no request from the extension, and still recovers', async () => {
    const maint = await site({ refreshSeconds: 2 });
    const startedAt = Date.now();
    const page = await open(maint.url('/maintenance'));
    await sleep(10_000);
    expect(maint.checks('/maintenance')).toBe(0);
    // The page alone: one load every 2 s, nothing of ours on top.
    const seconds = (Date.now() - startedAt) / 1000;
    expect(maint.documents('/maintenance')).toBeLessThanOrEqual(Math.floor(seconds / 2) + 2);
    const tabId = await ext.worker.evaluate(
      (u) => chrome.tabs.query({ url: u }).then((t) => t[0]?.id ?? -1),
      maint.url('/maintenance'),
    );
    // Still shown as failing while it waits: Chromium clears the badge as each refresh commits and the
    // extension draws it again once the page is shown, so it is looked at over one refresh.
    await waitFor(
      'the badge',
      () => ext.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
      (text) => text !== '',
      3_000,
    );
    maint.recover();
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /maintenance',
      10_000,
    );
    expect(maint.checks('/maintenance')).toBe(0);
  });

  it('an error page that retries at a new address every 0.7 s gets no check after its first retry, and still recovers', async () => {
    const retrying = await site();
    const page = await open(retrying.url('/retrying'));
    const firstRetry = Date.now() + 700;
    await sleep(10_000);
    // Each retry ends its incident and starts another; the site's schedule goes on and every failed
    // retry moves its next check out by the schedule's current wait (1.2-1.5 s), past the page's next retry.
    expect(retrying.documents('/retrying')).toBeGreaterThanOrEqual(6);
    expect(retrying.checks('/retrying', firstRetry)).toBe(0);
    retrying.recover();
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /retrying',
      10_000,
    );
    // Each retry ended an incident as the page left; the history keeps them as one entry, which
    // ends as recovered: the last retry got through.
    const entries = async () => {
      const { history } = await ext.worker.evaluate(() => chrome.storage.local.get('history'));
      return ((history ?? []) as { url: string; outcome: string }[])
        .filter((i) => i.url.startsWith(retrying.url('/retrying')))
        .map((i) => i.outcome);
    };
    await expect.poll(entries).toEqual(['recovered']);
  });

  it('a visitor who leaves a waiting tab for a slow page is never pulled back, even when the site returns', async () => {
    const failing = await site();
    const elsewhere = await site({ slowMs: 5000 });
    const page = await open(failing.url('/article'));
    await waitFor(
      'a first check',
      () => failing.checks('/article'),
      (n) => n >= 1,
      10_000,
    );
    const leftAt = Date.now();
    const leaving = page.goto(elsewhere.url('/slow'));
    await sleep(300);
    // The failing site comes back while the slow page is still loading; checks would now succeed.
    failing.recover();
    await leaving;
    expect(page.url()).toBe(elsewhere.url('/slow'));
    await sleep(3000);
    expect(page.url()).toBe(elsewhere.url('/slow'));
    expect(await stateText(page)).toBe('ok /slow');
    expect(failing.documents('/article', leftAt)).toBe(0);
  });

  it('switching to a waiting background tab shows the page within 3 s once the site is back', async () => {
    await ext.setSettings({ maxDelaySeconds: 60, maxAttempts: 20 });
    const failing = await site();
    const behind = await open(failing.url('/news'));
    const front = await open(failing.url('/front-page-ok'));
    failing.recover();
    await front.reload();
    await front.bringToFront();
    await sleep(500);
    const lastLook = Math.max(...failing.requests.filter((r) => r.path === '/news').map((r) => r.at));
    // Past the 3 s floor; the hidden tab's next scheduled check is further out.
    await sleep(Math.max(0, lastLook + 3200 - Date.now()));
    const switchedAt = Date.now();
    await behind.bringToFront();
    await waitFor(
      'page shown',
      () => stateText(behind),
      (t) => t === 'ok /news',
      3000,
    );
    expect(Date.now() - switchedAt).toBeLessThan(3000);
  });

  it('the tab in front is reloaded first, the others once it has shown its page (at most 1 s later)', async () => {
    await frontTabFirst(await site({ imageMs: 2500 }), {
      open,
      bringToFront: (page) => page.bringToFront(),
      stateText,
    });
  });

  it('a reload that never completes is counted, and the site hears from us within the budget', async () => {
    const hanging = await site();
    await open(hanging.url('/hang'));
    await sleep(36_000);
    // Check answered, reload sent and hung; 30 s later it counts as a failed attempt, not as a
    // reason to check and reload at once.
    const o = (await sessionState()).origins[hanging.origin];
    expect(o?.attempts).toBeGreaterThanOrEqual(1);
    expect(hanging.documents('/hang')).toBeLessThanOrEqual(3);
    expect(mostInAMinute(hanging.requests, '/hang', 1)).toBeLessThanOrEqual(8);
  });
});
