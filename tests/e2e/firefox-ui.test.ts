/**
 * The popup and options page in real Firefox ESR, against its event page and HTTP servers on 127.0.0.1:
 * the same product as in Chromium (tests/e2e/popup.test.ts), and honest words where Firefox differs.
 */
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { startTestServer, type TestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
// A site on the standard port 80, reached through a proxy on 127.0.0.1: Firefox's cache cleaner looks
// only at http://host and https://host, so only a site there shows what it does and does not clear.
const STANDARD_PORT_SITE = 'http://gateway-rescue.test';

async function waitFor<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
) {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await sleep(100);
    last = await read();
  }
  return last;
}

/** An HTTP proxy on 127.0.0.1 that hands every request to whichever test server is current. */
async function startForwardingProxy(target: () => TestServer) {
  const proxy = createServer((req, res) => {
    const url = new URL(req.url ?? '/', STANDARD_PORT_SITE);
    const upstream = request(
      `${target().origin}${url.pathname}${url.search}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

describe.runIf(hasFirefox)('popup and options page in Firefox', () => {
  let ext: FirefoxExtension;
  let helper: Page;
  let proxy: Awaited<ReturnType<typeof startForwardingProxy>>;
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
  const axeViolations = async (page: Page) => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const result = await page.evaluate(() => (window as any).axe.run(document));
    expect(result.passes.length).toBeGreaterThan(15);
    return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  };

  beforeAll(async () => {
    proxy = await startForwardingProxy(() => server);
    ext = await launchFirefox({
      prefs: {
        // Grant optional permissions without the doorhanger a headless run cannot click.
        'extensions.webextOptionalPermissionPrompts': false,
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        // Otherwise Firefox tries https://gateway-rescue.test first.
        'dom.security.https_first': false,
        'dom.security.https_first_schemeless': false,
      },
    });
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
    await proxy?.close();
  });

  it('shows the code, the verdict and a countdown that ticks down', async () => {
    await startServer({ status: 502, headers: { server: 'nginx', 'retry-after': '40' } });
    const popup = await popupFor(await visit(server.url('/article')));
    await popup.waitForSelector('.countdown');
    expect(await text(popup, 'h1')).toBe('502 Bad Gateway');
    expect(await text(popup, '.verdict h2')).toBe("The problem is on the site's side");
    expect(await text(popup, '.retry [role="status"]')).toContain('Retrying by itself');
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
    const granted = await inExtension(() =>
      (globalThis as any).browser.permissions.contains({ permissions: ['browsingData'] }),
    );
    expect(granted).toBe(false);
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

  it("Firefox itself: clearing by hostname deletes the site's cookies but leaves its cached files", async () => {
    // Why the popup gives steps instead of a button. The site is on port 80 (through the proxy), where
    // Firefox's cleaner does look; it still misses the entry, keyed by the partition of the top-level site.
    await startServer();
    server.route('/cached.js', 200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' });
    server.route('/shop', 200, { 'set-cookie': 'session=1; Max-Age=3600' });
    const page = await visit(`${STANDARD_PORT_SITE}/shop`);
    const fetchCached = () => page.evaluate(() => fetch('/cached.js').then((r) => r.status));
    await fetchCached();
    await fetchCached();
    expect(server.count('/cached.js')).toBe(1);
    expect(await page.evaluate(() => document.cookie)).toBe('session=1');

    // permissions.request needs a click; the pref set at launch grants it without a prompt.
    await helper.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'grant';
      button.onclick = () =>
        (globalThis as any).browser.permissions
          .request({ permissions: ['browsingData'] })
          .then((ok: boolean) => button.setAttribute('data-granted', String(ok)));
      document.body.prepend(button);
    });
    await helper.click('#grant');
    await helper.waitForSelector('#grant[data-granted="true"]');
    const remove = (options: Record<string, unknown>) =>
      inExtension(
        (o) => (globalThis as any).browser.browsingData.remove(o, { cache: true, cookies: true }),
        options,
      );

    await remove({ hostnames: ['gateway-rescue.test'] });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await sleep(1000);
    await fetchCached();
    expect(server.count('/cached.js')).toBe(1);
    // The same file is fetched again once the whole cache is cleared: the measurement itself works.
    await remove({});
    await fetchCached();
    expect(server.count('/cached.js')).toBe(2);
  });
});
