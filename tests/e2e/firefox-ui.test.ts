/**
 * The popup and options page in real Firefox ESR, against its event page and HTTP servers on 127.0.0.1:
 * the same product as in Chromium (tests/e2e/popup.test.ts), and honest words where Firefox differs.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stateFromItems } from '../../src/core/state-items';
import { axeViolations } from './support/axe';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { startTestServer, type TestServer } from './support/test-server';
import { sleep, waitFor } from './support/wait';

describe.runIf(hasFirefox)('popup and options page in Firefox', () => {
  let ext: FirefoxExtension;
  let helper: Page;
  let server: TestServer;
  const servers: TestServer[] = [];
  const pages: Page[] = [];

  const startServer = async (...args: Parameters<typeof startTestServer>) => {
    server = await startTestServer(...args);
    servers.push(server);
    return server;
  };
  const visit = async (url: string) => {
    const page = await ext.browser.newPage();
    pages.push(page);
    await page.goto(url);
    return page;
  };
  /** Runs `fn` in an extension page, where `browser` is the extension's API. */
  const inExtension = <T, A = undefined>(fn: (arg: A) => Promise<T>, arg?: A) =>
    helper.evaluate(fn as (arg: unknown) => Promise<T>, arg) as Promise<T>;
  const setSettings = (settings: Record<string, unknown>) =>
    inExtension((s) => (globalThis as any).browser.storage.sync.set({ settings: s }), settings);
  /** The tab id, read by the extension. Firefox match patterns carry no port: one with a port matches nothing. */
  const tabIdOf = async (url: string) => {
    const { protocol, hostname, pathname } = new URL(url);
    const tabs = await inExtension<{ id: number; url: string }[], string>(
      (pattern) => (globalThis as any).browser.tabs.query({ url: pattern }),
      `${protocol}//${hostname}${pathname}`,
    );
    const id = tabs.find((tab) => tab.url === url)?.id;
    if (id === undefined) throw new Error(`no tab shows ${url}`);
    return id;
  };
  const popupFor = async (page: Page) => {
    const popup = await ext.openPage(`src/popup/index.html?tab=${await tabIdOf(page.url())}`);
    pages.push(popup);
    await popup.setViewport({ width: 360, height: 640 });
    await popup.waitForSelector('#app > *');
    return popup;
  };
  const text = (page: Page, selector: string) =>
    page.$eval(selector, (e) => e.textContent ?? '').catch(() => '');
  const openFixes = async (popup: Page) => {
    if (!(await popup.$('.fixes-section[open]'))) await popup.click('.fixes-section > summary');
    await popup.waitForSelector('.fixes');
  };

  beforeAll(async () => {
    ext = await launchFirefox();
    helper = await ext.openPage('src/options/index.html');
    await setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close().catch(() => {});
    for (const s of servers.splice(0)) await s.close();
    await setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('shows the code, the verdict and a countdown that ticks down', async () => {
    await startServer({ status: 502, headers: { server: 'nginx', 'retry-after': '40' } });
    const popup = await popupFor(await visit(server.url('/article')));
    await popup.waitForSelector('.countdown');
    expect(await text(popup, 'h1')).toBe('502 Bad Gateway');
    expect(await text(popup, '.verdict h2')).toBe("The problem is on the site's side");
    expect(await text(popup, '.retry [role="status"]')).toContain('Retrying by itself');
    // The popup's first frame reads this itself (src/storage/tab-view.ts), without the event page.
    const stored = stateFromItems(
      await inExtension<Record<string, unknown>>(() => (globalThis as any).browser.storage.session.get(null)),
    ).state;
    const storedUrls = Object.values(stored.tabs).map((tab) => tab.url);
    expect(storedUrls).toContain(server.url('/article'));
    const seconds = async () => {
      const [m, s] = (await text(popup, '.countdown')).split(':').map(Number);
      return m! * 60 + s!;
    };
    const first = await seconds();
    expect(first).toBeGreaterThan(30);
    await sleep(2200);
    expect(await seconds()).toBeLessThanOrEqual(first - 2);
  });

  it('Retry now checks at once despite Retry-After; Stop retrying stops the checks', async () => {
    await startServer({ status: 502, headers: { 'retry-after': '60' } });
    const popup = await popupFor(await visit(server.url('/now')));
    await popup.waitForSelector('.countdown');
    const clickedAt = Date.now();
    await popup.click('.retry button.primary');
    await waitFor(
      'a check',
      () => server.count('/now', clickedAt),
      (n) => n > 0,
      5000,
    );
    expect(Date.now() - clickedAt).toBeLessThan(5000);

    await setSettings({ maxDelaySeconds: 1, maxAttempts: 50 });
    const busy = await startServer({ status: 503 });
    const busyPopup = await popupFor(await visit(busy.url('/busy')));
    await waitFor(
      'checks running',
      () => busy.count('/busy'),
      (n) => n >= 3,
    );
    const stop = await busyPopup.waitForSelector('::-p-text(Stop retrying)');
    await stop!.click();
    await waitFor(
      'stopped',
      () => text(busyPopup, '.retry [role="status"]'),
      (t) => t.startsWith('Retrying stopped'),
    );
    const stoppedAt = Date.now();
    await sleep(3500);
    expect(busy.count('/busy', stoppedAt)).toBe(0);
  });

  it('after giving up, Try again counts against what it allowed: never "3 of 2"', async () => {
    await setSettings({ maxDelaySeconds: 1, maxAttempts: 2 });
    await startServer({ status: 502 });
    const page = await visit(server.url('/again'));
    const popup = await popupFor(page);
    await waitFor(
      'gave up',
      () => text(popup, '.retry [role="status"]'),
      (t) => t.startsWith('Gave up'),
    );
    expect(await text(popup, '.progress')).toBe('Checks: 2 of 2');
    const again = await popup.waitForSelector('::-p-text(Try again)');
    await again!.click();
    await waitFor(
      'the check after Try again counted',
      () => text(popup, '.progress'),
      (t) => t.startsWith('Checks: 3 of 4'),
    );
    const title = await inExtension(
      (id) => (globalThis as any).browser.action.getTitle({ tabId: id }) as Promise<string>,
      await tabIdOf(page.url()),
    );
    expect(title).toContain('(check 3 of 4)');
  });

  it('reloads, and reloads bypassing the cache (no-cache reaches the server)', async () => {
    await startServer({ status: 502, headers: { 'retry-after': '60' } });
    const popup = await popupFor(await visit(server.url('/reload-me')));
    await openFixes(popup);
    const last = () => server.requests.filter((r) => r.path === '/reload-me').at(-1)!;

    const before = server.count('/reload-me');
    await popup.click('[data-fix="reload"] .fix-button');
    await waitFor(
      'reload',
      () => server.count('/reload-me'),
      (n) => n > before,
    );
    expect(last().headers['cache-control']).not.toBe('no-cache');

    const beforeBypass = server.count('/reload-me');
    await popup.click('[data-fix="bypass-cache"] .fix-button');
    await waitFor(
      'bypassing reload',
      () => server.count('/reload-me'),
      (n) => n > beforeBypass,
    );
    expect([last().headers['cache-control'], last().headers.pragma]).toContain('no-cache');
  });

  it("gives the steps in Firefox's settings for a site's cache, and asks for no permission", async () => {
    await startServer({ status: 502, headers: { 'retry-after': '60' } });
    const popup = await popupFor(await visit(server.url('/app')));
    await openFixes(popup);
    await popup.click('[data-fix="clear-cache"] .fix-button');
    const row = () => text(popup, '[data-fix="clear-cache"]');
    await waitFor('steps', row, (t) => t.includes('Manage Data'));
    expect(await row()).toContain("Firefox does not let extensions delete one site's cached files");
    expect(await row()).toContain('about:preferences#privacy');
    expect(await popup.$('[data-fix="clear-cache"].tried')).not.toBeNull();
    const manifest = await inExtension(async () => (globalThis as any).browser.runtime.getManifest());
    expect(JSON.stringify(manifest)).not.toContain('browsingData');
  });

  it('says where to allow private windows, with the shortcut and the link to copy', async () => {
    expect(await inExtension(() => (globalThis as any).browser.extension.isAllowedIncognitoAccess())).toBe(
      false,
    );
    await startServer({ status: 502, headers: { 'retry-after': '60' } });
    const popup = await popupFor(await visit(server.url('/private')));
    await openFixes(popup);
    await popup.click('[data-fix="private-window"] .fix-button');
    const row = () => text(popup, '[data-fix="private-window"]');
    await waitFor('directions', row, (t) => t.includes('about:addons'));
    expect(await row()).toContain('Press Ctrl+Shift+P for a private window');
    expect(await row()).toContain('set “Run in Private Windows” to Allow');
    const copy = await popup.waitForSelector('[data-fix="private-window"] ::-p-text(Copy link)');
    await copy!.click();
    await waitFor('copied', row, (t) => t.includes('Copied'));
    expect(await axeViolations(popup)).toEqual([]);
  });

  it('options: a change is saved to storage.sync and the background follows it (503 off)', async () => {
    const options = await ext.openPage('src/options/index.html');
    pages.push(options);
    await options.waitForSelector('#settings');
    expect(await text(options, 'h1')).toBe('Gateway Rescue settings');
    expect(await axeViolations(options)).toEqual([]);

    await options.click('#code-503');
    await waitFor(
      'saved',
      () => text(options, '[role="status"]'),
      (t) => t === 'Saved',
    );
    const stored = await inExtension<{ settings: { codes: number[] } }>(() =>
      (globalThis as any).browser.storage.sync.get('settings'),
    );
    expect(stored.settings.codes).not.toContain(503);

    const off = await startServer({ status: 503 });
    const on = await startServer({ status: 502 });
    await visit(off.url('/off'));
    await visit(on.url('/on'));
    await waitFor(
      'the 502 page checked again',
      () => on.count('/on'),
      (n) => n >= 2,
    );
    await sleep(1500);
    expect(off.count('/off')).toBe(1);
  });
});
