/** The engine on sites that behave like real ones, in Firefox ESR: the same promises as in Chromium. */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateFromItems } from '../../src/core/state-items';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { frontTabFirst } from './support/real-web-scenarios';
import { mostInAMinute, type RealWebServer, startRealWebServer } from './support/real-web-server';
import { sleep, waitFor } from './support/wait';

const stateText = (page: Page) => page.$eval('#state', (e) => e.textContent ?? '').catch(() => null);

describe.runIf(hasFirefox)('the engine on the real web, in Firefox', () => {
  let ext: FirefoxExtension;
  let helper: Page;
  const sites: RealWebServer[] = [];
  const pages: Page[] = [];

  const site = async (options?: Parameters<typeof startRealWebServer>[0]) => {
    const s = await startRealWebServer(options);
    sites.push(s);
    return s;
  };
  const visit = async (url: string) => {
    const page = await ext.browser.newPage();
    pages.push(page);
    await page.goto(url);
    return page;
  };
  /** The tab id, read by the extension. Firefox match patterns carry no port: filter by the full URL. */
  const tabIdOf = async (url: string) => {
    const { protocol, hostname, pathname } = new URL(url);
    const tabs = (await helper.evaluate(
      (pattern) => (globalThis as any).browser.tabs.query({ url: pattern }),
      `${protocol}//${hostname}${pathname}`,
    )) as { id: number; url: string }[];
    const id = tabs.find((tab) => tab.url === url)?.id;
    if (id === undefined) throw new Error(`no tab shows ${url}`);
    return id;
  };

  beforeAll(async () => {
    ext = await launchFirefox();
    helper = await ext.openPage('src/options/index.html');
  });
  beforeEach(async () => {
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    for (const s of sites.splice(0)) await s.close();
  });

  it('a failure tied to the session cookie stays within the site budget, and the popup says why', async () => {
    const shop = await site();
    const page = await visit(shop.url('/login'));
    await page.goto(shop.url('/account'));
    expect(await stateText(page)).toBe('error 502');
    await sleep(15_000);
    expect(shop.checks('/account')).toBe(1);
    expect(mostInAMinute(shop.requests, '/account', 1)).toBeLessThanOrEqual(8);
    expect(shop.documents('/account')).toBeGreaterThan(2);
    const popup = await ext.openPage(`src/popup/index.html?tab=${await tabIdOf(shop.url('/account'))}`);
    pages.push(popup);
    await waitFor(
      'the explanation',
      () => popup.$eval('.verdict', (e) => e.textContent ?? '').catch(() => ''),
      (t) => t.includes('answers a check made without your cookies'),
      10_000,
    );
  });

  it('a maintenance page that refreshes itself gets no request from the extension, and still recovers', async () => {
    const maint = await site({ refreshSeconds: 2 });
    const page = await visit(maint.url('/maintenance'));
    await sleep(10_000);
    expect(maint.checks('/maintenance')).toBe(0);
    expect(maint.documents('/maintenance')).toBeGreaterThanOrEqual(3);
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
    const page = await visit(retrying.url('/retrying'));
    const firstRetry = Date.now() + 700;
    await sleep(10_000);
    expect(retrying.documents('/retrying')).toBeGreaterThanOrEqual(6);
    expect(retrying.checks('/retrying', firstRetry)).toBe(0);
    retrying.recover();
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /retrying',
      10_000,
    );
  });

  it('a visitor who leaves a waiting tab for a slow page is never pulled back, even when the site returns', async () => {
    const failing = await site();
    const elsewhere = await site({ slowMs: 5000 });
    const page = await visit(failing.url('/article'));
    await waitFor(
      'a first check',
      () => failing.checks('/article'),
      (n) => n >= 1,
      10_000,
    );
    const leftAt = Date.now();
    const leaving = page.goto(elsewhere.url('/slow'));
    await sleep(300);
    failing.recover();
    await leaving;
    await sleep(3000);
    expect(page.url()).toBe(elsewhere.url('/slow'));
    expect(await stateText(page)).toBe('ok /slow');
    expect(failing.documents('/article', leftAt)).toBe(0);
  });

  it('switching to a waiting background tab shows the page within 3 s once the site is back', async () => {
    await ext.setSettings({ maxDelaySeconds: 60, maxAttempts: 20 });
    const failing = await site();
    const behind = await visit(failing.url('/news'));
    const front = await visit(failing.url('/front-page-ok'));
    failing.recover();
    await front.reload();
    await front.bringToFront();
    await sleep(500);
    const lastLook = Math.max(...failing.requests.filter((r) => r.path === '/news').map((r) => r.at));
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
      open: visit,
      bringToFront: (page) => page.bringToFront(),
      stateText,
    });
  });

  it('a reload that never completes is counted, and the site hears from us within the budget', async () => {
    const hanging = await site();
    await visit(hanging.url('/hang'));
    await sleep(36_000);
    const { state } = stateFromItems(
      await helper.evaluate(() => (globalThis as any).browser.storage.session.get(null)),
    );
    expect(state.origins[hanging.origin]?.attempts).toBeGreaterThanOrEqual(1);
    expect(hanging.documents('/hang')).toBeLessThanOrEqual(3);
    expect(mostInAMinute(hanging.requests, '/hang', 1)).toBeLessThanOrEqual(8);
  });
});
