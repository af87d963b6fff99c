/**
 * Private windows, with the extension allowed there as the visitor's own switch does it: a failing
 * private tab recovers like any other, its checks carry nothing of the regular profile (no cookie,
 * no cached answer), and once its window is closed nothing of its address is left in any storage
 * area of the extension. A regular tab alongside is recorded, so the absence is no accident. A normal
 * window's popup never draws on a private tab; a private tab's popup offers nothing that acts on the
 * normal profile; its site keeps one budget across the page's own retries and the visitor's clicks.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stateFromItems } from '../../src/core/state-items';
import { hasChromium, hasFirefox } from './support/browsers-required';
import { sessionState } from './support/chromium';
import type { FirefoxExtension } from './support/firefox';
import {
  launchChromiumAllowedInPrivate,
  launchFirefoxAllowedInPrivate,
  type PrivateChromium,
} from './support/private-windows';
import { isCheck, startTestServer, type TestServer } from './support/test-server';
import { waitFor } from './support/wait';

const SECRET = 'order-4711-private-token';
const PRIVATE_PATH = '/private-orders';
/** What every storage area of the extension holds, as one text to search. */
type Dump = () => Promise<string>;

describe.runIf(hasChromium)('private windows in Chromium (allowed in Incognito)', () => {
  let ext: PrivateChromium;
  let server: TestServer;

  const dump: Dump = () =>
    ext.worker.evaluate(async () =>
      JSON.stringify(
        await Promise.all([
          chrome.storage.local.get(null),
          chrome.storage.sync.get(null),
          chrome.storage.session.get(null),
        ]),
      ),
    );
  const trackedTab = async (tabId: number) => (await sessionState(ext.worker)).tabs[tabId] ?? null;
  const title = (tabId: number) =>
    ext.worker.evaluate(
      (id) =>
        chrome.tabs.get(id).then(
          (t) => t.title ?? '',
          () => '',
        ),
      tabId,
    );

  beforeAll(async () => {
    ext = await launchChromiumAllowedInPrivate();
    await ext.worker.evaluate(() => chrome.storage.sync.set({ settings: { maxDelaySeconds: 2 } }));
  });
  afterAll(() => ext?.close());
  afterEach(() => server?.close());

  it('recovers a private tab with a 502, checks it without the regular profile, and forgets it with its window', async () => {
    server = await startTestServer();
    server.route('/login', 200, { 'set-cookie': 'sid=regular-profile-cookie; Path=/' });

    // A regular tab: it has a cookie, fails, recovers and is recorded in the history.
    const regular = await ext.context.newPage();
    await regular.goto(server.url('/login'));
    server.fail({ status: 502 });
    await regular.goto(server.url('/public'));
    await waitFor(
      'a check of the regular tab',
      () => server.requests.filter(isCheck).length,
      (n) => n >= 1,
    );
    server.recover();
    await waitFor(
      'the regular tab back',
      () => regular.locator('#state').textContent(),
      (t) => t === 'ok /public',
      30_000,
    );
    await waitFor('its incident in the history', dump, (d) => d.includes('/public'));
    // The reload of the regular page carried the cookie: there was one to leak.
    expect(
      server.requests.some((r) => r.path === '/public' && r.headers.cookie?.includes('regular-profile')),
    ).toBe(true);

    // A private window whose page fails.
    server.fail({ status: 502 });
    const since = Date.now();
    const url = server.url(`${PRIVATE_PATH}?token=${SECRET}`);
    const { windowId, tabId } = await ext.worker.evaluate(async (u) => {
      const w = (await chrome.windows.create({ incognito: true, url: u }))!;
      return { windowId: w.id!, tabId: w.tabs![0]!.id! };
    }, url);
    const tab = await waitFor(
      'the private tab tracked',
      () => trackedTab(tabId),
      (t) => t !== null,
    );
    expect(tab).toMatchObject({ private: true, phase: 'waiting' });
    expect(await dump()).toContain(SECRET);
    await waitFor(
      'checks of the private tab',
      () => server.requests.filter((r) => r.at >= since && isCheck(r)).length,
      (n) => n >= 2,
    );
    server.recover();
    await waitFor(
      'the private tab back',
      () => title(tabId),
      (t) => t === 'OK',
      30_000,
    );

    const checks = server.requests.filter((r) => r.at >= since && isCheck(r));
    for (const check of checks) {
      expect(check.headers.cookie).toBeUndefined();
      // `cache: 'no-store'`: Chromium asks every cache on the way for a fresh answer, and keeps none.
      expect(check.headers['cache-control']).toBe('no-cache');
    }
    const privateLoads = server.requests.filter((r) => r.path === PRIVATE_PATH && !isCheck(r));
    expect(privateLoads.length).toBeGreaterThanOrEqual(2);
    for (const load of privateLoads) expect(load.headers.cookie).toBeUndefined();

    // It fails again, then its window is closed while it waits.
    server.fail({ status: 502 });
    await ext.worker.evaluate((id) => chrome.tabs.reload(id), tabId);
    await waitFor(
      'the private tab tracked again',
      () => trackedTab(tabId),
      (t) => t !== null,
    );
    await ext.worker.evaluate((id) => chrome.windows.remove(id), windowId);
    await waitFor(
      'the private tab forgotten',
      () => trackedTab(tabId),
      (t) => t === null,
    );
    const left = await dump();
    expect(left).not.toContain(SECRET);
    expect(left).not.toContain(PRIVATE_PATH);
    // …while the regular incident is still there.
    expect(left).toContain('/public');
  });
  /** Opens the popup page for a tab, as tests do (the toolbar popup cannot be clicked headless). */
  const popupFor = async (tabId: number) => {
    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tab=${tabId}`);
    await popup.locator('#app > *').first().waitFor();
    return popup;
  };
  const openPrivate = (url: string) =>
    ext.worker.evaluate(async (u) => {
      const w = (await chrome.windows.create({ incognito: true, url: u }))!;
      return { windowId: w.id!, tabId: w.tabs![0]!.id! };
    }, url);
  const siteItems = async () =>
    Object.keys((await sessionState(ext.worker)).origins).filter((key) => key.includes(server.origin));

  it("keeps a private tab's site out of a normal window's popup; its own popup offers only what acts on the private window", async () => {
    // Two unrelated sites failing through one CDN at once: one in a private window, one in a normal one.
    server = await startTestServer({
      status: 502,
      headers: { server: 'cloudflare', 'cf-ray': '8f2a3b4c5d6e7f80-NRT' },
    });
    const { windowId, tabId } = await openPrivate(server.url(`${PRIVATE_PATH}?token=${SECRET}`));
    await waitFor(
      'the private tab tracked',
      () => trackedTab(tabId),
      (t) => t !== null,
    );
    const normalUrl = server.url('/shop').replace('127.0.0.1', 'localhost');
    const normal = await ext.context.newPage();
    await normal.goto(normalUrl);
    const normalId = await ext.worker.evaluate(
      (u) => chrome.tabs.query({ url: u }).then((tabs) => tabs[0]!.id!),
      normalUrl,
    );
    await waitFor(
      'the normal tab tracked',
      () => trackedTab(normalId),
      (t) => t !== null,
    );

    const normalPopup = await popupFor(normalId);
    await normalPopup.locator('.retry').waitFor();
    expect(await normalPopup.locator('.provider-outage').count()).toBe(0);
    expect(await normalPopup.locator('body').textContent()).not.toContain('127.0.0.1');

    const privatePopup = await popupFor(tabId);
    // A private tab's popup may use both: the normal tab's site is named.
    await expect
      .poll(() => privatePopup.locator('.provider-outage').textContent(), { timeout: 10_000 })
      .toContain('localhost');
    await privatePopup.locator('.fixes-section > summary').click();
    expect(await privatePopup.locator('li[data-fix="private-window"]').count()).toBe(0);
    const fresh = privatePopup.locator('li[data-fix="clear-cache"]');
    expect(await fresh.textContent()).toContain("Start without this window's cookies and cache");
    expect(await privatePopup.getByRole('button', { name: "Clear this site's cached files" }).count()).toBe(
      0,
    );

    // Stopped, then resumed from its popup: the site stays private, and goes with the window.
    await privatePopup.getByRole('button', { name: 'Stop retrying' }).click();
    await waitFor(
      'stopped',
      () => trackedTab(tabId),
      (t) => t?.phase === 'stopped',
    );
    await privatePopup.getByRole('button', { name: 'Resume retrying' }).click();
    await waitFor(
      'retrying again',
      () => trackedTab(tabId),
      (t) => t?.phase === 'waiting',
    );
    expect(await siteItems()).toEqual([`private ${server.origin}`]);
    await privatePopup.close();
    await normalPopup.close();
    await normal.close();
    await ext.worker.evaluate((id) => chrome.windows.remove(id), windowId);
    await waitFor('nothing left of the private site', siteItems, (keys) => keys.length === 0);
    expect(await dump()).not.toContain(SECRET);
  });

  it('a private page retrying itself at a new address every 2 s keeps its site budget, until its window closes', async () => {
    await ext.worker.evaluate(() => chrome.storage.sync.set({ settings: { maxDelaySeconds: 120 } }));
    try {
      server = await startTestServer({
        status: 502,
        script: "setTimeout(() => { location.href = '/pay?n=' + Date.now(); }, 2000)",
      });
      const since = Date.now();
      const { windowId } = await openPrivate(server.url('/pay?n=0'));
      await new Promise((resolve) => setTimeout(resolve, 14_000));
      // Only what reached the page's path: the browser's favicon fetches are not the extension's.
      const ofPage = server.requests.filter((r) => r.at >= since && r.path === '/pay');
      const loads = ofPage.filter((r) => !isCheck(r)).length;
      const checks = ofPage.filter(isCheck);
      // Every retry started a new incident. The site's schedule goes on across them (2 checks in 20 s
      // here), where a budget that started again with each retry took a check per retry (9 in 20 s).
      expect(loads).toBeGreaterThanOrEqual(5);
      expect(checks.length).toBeLessThanOrEqual(4);
      expect(await siteItems()).toEqual([`private ${server.origin}`]);
      await ext.worker.evaluate((id) => chrome.windows.remove(id), windowId);
      await waitFor('the private site forgotten with its window', siteItems, (keys) => keys.length === 0);
    } finally {
      await ext.worker.evaluate(() => chrome.storage.sync.set({ settings: { maxDelaySeconds: 2 } }));
    }
  });
});

describe.runIf(hasFirefox)('private windows in Firefox (allowed to run in private windows)', () => {
  let ext: FirefoxExtension;
  let server: TestServer;
  let page: Page;

  const dump: Dump = () =>
    page.evaluate(async () => {
      const b = (globalThis as any).browser;
      return JSON.stringify(
        await Promise.all([b.storage.local.get(null), b.storage.sync.get(null), b.storage.session.get(null)]),
      );
    });
  const trackedTab = async (tabId: number) =>
    stateFromItems(await page.evaluate(() => (globalThis as any).browser.storage.session.get(null))).state
      .tabs[tabId] ?? null;
  const title = (tabId: number) =>
    page.evaluate(
      (id) =>
        (globalThis as any).browser.tabs.get(id).then(
          (t: { title?: string }) => t.title ?? '',
          () => '',
        ),
      tabId,
    );

  beforeAll(async () => {
    ext = await launchFirefoxAllowedInPrivate();
    await ext.setSettings({ maxDelaySeconds: 2 });
    page = await ext.openPage('src/options/index.html');
  });
  afterAll(() => ext?.close());
  afterEach(() => server?.close());

  it('recovers a private tab with a 502 and forgets it with its window', async () => {
    expect(await page.evaluate(() => (globalThis as any).browser.extension.isAllowedIncognitoAccess())).toBe(
      true,
    );
    server = await startTestServer({ status: 502 });
    const since = Date.now();
    const url = server.url(`${PRIVATE_PATH}?token=${SECRET}`);
    const { windowId, tabId } = await page.evaluate(async (u) => {
      const w = await (globalThis as any).browser.windows.create({ incognito: true, url: u });
      return { windowId: w.id as number, tabId: w.tabs[0].id as number };
    }, url);
    const tab = await waitFor(
      'the private tab tracked',
      () => trackedTab(tabId),
      (t) => t !== null,
    );
    expect(tab).toMatchObject({ private: true });
    await waitFor(
      'checks of the private tab',
      () => server.requests.filter((r) => r.at >= since && isCheck(r)).length,
      (n) => n >= 2,
    );
    server.recover();
    await waitFor(
      'the private tab back',
      () => title(tabId),
      (t) => t === 'OK',
      30_000,
    );
    for (const check of server.requests.filter(isCheck)) expect(check.headers.cookie).toBeUndefined();

    server.fail({ status: 502 });
    await page.evaluate((id) => (globalThis as any).browser.tabs.reload(id), tabId);
    await waitFor(
      'the private tab tracked again',
      () => trackedTab(tabId),
      (t) => t !== null,
    );
    await page.evaluate((id) => (globalThis as any).browser.windows.remove(id), windowId);
    await waitFor(
      'the private tab forgotten',
      () => trackedTab(tabId),
      (t) => t === null,
    );
    const left = await dump();
    expect(left).not.toContain(SECRET);
    expect(left).not.toContain(PRIVATE_PATH);
  });
  const openPrivate = (url: string) =>
    page.evaluate(async (u) => {
      const w = await (globalThis as any).browser.windows.create({ incognito: true, url: u });
      return { windowId: w.id as number, tabId: w.tabs[0].id as number };
    }, url);
  const siteItems = async () =>
    Object.keys(
      stateFromItems(await page.evaluate(() => (globalThis as any).browser.storage.session.get(null))).state
        .origins,
    ).filter((key) => key.includes(server.origin));
  /** Clicks the button once the popup shows it: it redraws from storage after the state changed. */
  const clickButton = (popup: Page, text: string) =>
    waitFor(
      `a button that reads ${text}`,
      () =>
        popup.evaluate((label) => {
          const button = [...document.querySelectorAll('button')].find(
            (b) => b.textContent?.trim() === label,
          );
          button?.click();
          return button !== undefined;
        }, text),
      (clicked) => clicked,
      5000,
    );

  it("keeps a private tab's site out of a normal window's popup, offers nothing that acts on the normal profile, and stays private when resumed", async () => {
    server = await startTestServer({
      status: 502,
      headers: { server: 'cloudflare', 'cf-ray': '8f2a3b4c5d6e7f80-NRT' },
    });
    const { windowId, tabId } = await openPrivate(server.url(`${PRIVATE_PATH}?token=${SECRET}`));
    await waitFor(
      'the private tab tracked',
      () => trackedTab(tabId),
      (t) => t !== null,
    );
    const normalUrl = server.url('/shop').replace('127.0.0.1', 'localhost');
    // In a normal window of its own: a new page would open in the private window, the last one opened.
    const normal = await page.evaluate(async (u) => {
      const w = await (globalThis as any).browser.windows.create({ url: u });
      return { windowId: w.id as number, tabId: w.tabs[0].id as number };
    }, normalUrl);
    const normalId = normal.tabId;
    await waitFor(
      'the normal tab tracked',
      () => trackedTab(normalId),
      (t) => t !== null,
    );

    const normalPopup = await ext.openPage(`src/popup/index.html?tab=${normalId}`);
    await normalPopup.waitForSelector('.retry');
    expect(await normalPopup.$$eval('.provider-outage', (found) => found.length)).toBe(0);
    expect(await normalPopup.evaluate(() => document.body.textContent)).not.toContain('127.0.0.1');

    const privatePopup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await waitFor(
      'the private popup names the other site',
      () => privatePopup.evaluate(() => document.querySelector('.provider-outage')?.textContent ?? ''),
      (text) => text.includes('localhost'),
    );
    await privatePopup.evaluate(() =>
      document.querySelector<HTMLElement>('.fixes-section > summary')?.click(),
    );
    await privatePopup.waitForSelector('.fixes li');
    const fixes = await privatePopup.$$eval('.fixes li', (items) =>
      items.map((li) => li.getAttribute('data-fix')),
    );
    expect(fixes).not.toContain('private-window');
    const fresh = await privatePopup.$eval('li[data-fix="clear-cache"]', (li) => li.textContent ?? '');
    expect(fresh).toContain("Start without this window's cookies and cache");
    expect(fresh).not.toContain('about:preferences');

    await clickButton(privatePopup, 'Stop retrying');
    await waitFor(
      'stopped',
      () => trackedTab(tabId),
      (t) => t?.phase === 'stopped',
    );
    await clickButton(privatePopup, 'Resume retrying');
    await waitFor(
      'retrying again',
      () => trackedTab(tabId),
      (t) => t?.phase === 'waiting',
    );
    expect(await siteItems()).toEqual([`private ${server.origin}`]);
    await privatePopup.close();
    await normalPopup.close();
    await page.evaluate((id) => (globalThis as any).browser.windows.remove(id), normal.windowId);
    await page.evaluate((id) => (globalThis as any).browser.windows.remove(id), windowId);
    await waitFor('nothing left of the private site', siteItems, (keys) => keys.length === 0);
    expect(await dump()).not.toContain(SECRET);
  });

  it('a private page retrying itself at a new address every 2 s keeps its site budget', async () => {
    await ext.setSettings({ maxDelaySeconds: 120 });
    try {
      server = await startTestServer({
        status: 502,
        script: "setTimeout(() => { location.href = '/pay?n=' + Date.now(); }, 2000)",
      });
      const since = Date.now();
      const { windowId } = await openPrivate(server.url('/pay?n=0'));
      await new Promise((resolve) => setTimeout(resolve, 14_000));
      // Only what reached the page's path: the browser's favicon fetches are not the extension's.
      const ofPage = server.requests.filter((r) => r.at >= since && r.path === '/pay');
      expect(ofPage.filter((r) => !isCheck(r)).length).toBeGreaterThanOrEqual(5);
      expect(ofPage.filter(isCheck).length).toBeLessThanOrEqual(4);
      await page.evaluate((id) => (globalThis as any).browser.windows.remove(id), windowId);
      await waitFor('the private site forgotten with its window', siteItems, (keys) => keys.length === 0);
    } finally {
      await ext.setSettings({ maxDelaySeconds: 2 });
    }
  });
});
