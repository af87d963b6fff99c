/**
 * Gateway errors webRequest does not report as a page load, in real Chromium: a site whose service
 * worker passes page loads through, a tab that failed before the extension was installed, and a
 * waiting tab that Chromium discards (it gets a new id).
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium, sessionState } from './support/chromium';
import { launchChromiumWithoutExtension } from './support/chromium-install';
import { controlledByWorker, startServiceWorkerSite } from './support/sw-site';
import { startTestServer, type TestServer } from './support/test-server';
import { sleep, waitFor } from './support/wait';

const stateText = (page: Page) =>
  page
    .locator('#state')
    .textContent({ timeout: 2000 })
    .catch(() => null);
const history = async (worker: Worker): Promise<Incident[]> =>
  ((await worker.evaluate(() => chrome.storage.local.get('history'))).history as Incident[] | undefined) ??
  [];
const tabIdOf = (worker: Worker, url: string) =>
  worker.evaluate((u) => chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === u)?.id ?? -1), url);

describe.runIf(hasChromium)('Chromium: gateway errors webRequest does not report', () => {
  let ext: ChromiumExtension;
  let server: TestServer;
  const pages: Page[] = [];

  const open = async (url: string) => {
    const page = await ext.context.newPage();
    pages.push(page);
    await page.goto(url);
    return page;
  };
  /** Extension scripts run in a page (isolated worlds of the extension), counted through DevTools. */
  const countExtensionScripts = async (page: Page) => {
    const cdp = await ext.context.newCDPSession(page);
    let count = 0;
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.origin.includes(ext.extensionId)) count++;
    });
    await cdp.send('Runtime.enable');
    return () => count;
  };

  beforeAll(async () => {
    ext = await launchChromium();
  });
  beforeEach(async () => {
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    // A page whose tab Chromium discarded (a new tab id) may never answer Playwright's close: bounded.
    for (const p of pages.splice(0)) await Promise.race([p.close().catch(() => {}), sleep(5_000)]);
    await server?.close();
  });

  it('brings back a page whose service worker passed a 502 through, at its exact address over 2 KB with its fragment, and leaves its 404 and 500 alone', async () => {
    server = await startServiceWorkerSite();
    server.route('/missing', 404);
    server.route('/broken', 500);
    const page = await open(server.url('/start'));
    expect(await page.evaluate(controlledByWorker)).toBe(true);
    await page.goto(server.url('/missing'));
    await page.goto(server.url('/broken'));
    server.fail({ status: 502 });
    const failedAt = Date.now();
    // Storage keeps this address cut (`...(cut-…)`) and without its fragment: the tab must get the whole.
    const address = server.url(`/article?ref=${'x'.repeat(2500)}#/comments/7`);
    await page.goto(address);
    expect(await stateText(page)).toBe('error 502');
    const tabId = await tabIdOf(ext.worker, address);
    await waitFor(
      'incident read from the page',
      () => sessionState(ext.worker),
      (s) => s.tabs[tabId]?.phase === 'waiting',
    );
    expect((await sessionState(ext.worker)).tabs[tabId]).toMatchObject({
      code: 502,
      source: 'page',
      method: 'GET',
    });
    await waitFor(
      'checks of the site',
      () => server.count('/article', failedAt),
      (n) => n >= 3,
    );
    expect(server.count('/missing')).toBe(1);
    expect(server.count('/broken')).toBe(1);
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /article',
    );
    // A new GET of the whole address (never the cut one), then the fragment put back in place.
    await waitFor(
      'the fragment back',
      () => page.evaluate(() => location.href),
      (href) => href === address,
    );
    expect(await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.name)).toBe(
      address.split('#')[0],
    );
    await waitFor(
      'recovery recorded',
      () => history(ext.worker),
      (h) => h.some((i) => i.outcome === 'recovered'),
    );
    // Nothing waits; the site's count stays for its cool-down, without any page address.
    const after = await sessionState(ext.worker);
    expect(after.tabs).toEqual({});
    expect(after.origins[server.origin]).toMatchObject({ probeUrl: server.origin });
    expect(after.origins[server.origin]?.forgetAt).not.toBeNull();
  });

  it('takes a prefetch or prerender the failing page asks for as no navigation: the tab keeps its incident, and is brought back', async () => {
    const rules = {
      prerender: [{ source: 'list', urls: ['/next'] }],
      prefetch: [{ source: 'list', urls: ['/ahead'] }],
    };
    server = await startTestServer(undefined, {
      '/rules.json': { type: 'application/speculationrules+json', body: JSON.stringify(rules) },
    });
    server.fail({ status: 502, headers: { 'speculation-rules': '"/rules.json"' } });
    // What webRequest says of each main-frame request of this site, seen from the extension's worker.
    await ext.worker.evaluate((origin) => {
      const seen: unknown[] = [];
      (globalThis as { speculationSeen?: unknown[] }).speculationSeen = seen;
      chrome.webRequest.onBeforeRequest.addListener(
        (d) => {
          const { tabId, frameId, documentId, documentLifecycle } = d as typeof d & {
            documentId?: string;
            documentLifecycle?: string;
          };
          seen.push({
            path: new URL(d.url).pathname,
            tabId,
            frameId,
            documentLifecycle,
            asked: !!documentId,
          });
          return undefined;
        },
        { urls: [`${origin}/*`], types: ['main_frame'] },
      );
    }, server.origin);
    const page = await open(server.url('/page'));
    const tabId = await tabIdOf(ext.worker, server.url('/page'));
    // The requests carry Sec-Purpose: prefetch, or prefetch;prerender.
    await waitFor(
      'prefetch and prerender made',
      () =>
        server.requests
          .filter((r) => r.headers['sec-purpose'])
          .map((r) => r.path)
          .sort(),
      (paths) => paths.join() === '/ahead,/next',
    );
    // Chromium 156 reports both as main-frame requests of the tab, "active", frame 0: only the asking
    // page's documentId tells them from the tab's own navigation.
    const seen = await ext.worker.evaluate(
      () => (globalThis as { speculationSeen?: unknown[] }).speculationSeen,
    );
    const request = { tabId, frameId: 0, documentLifecycle: 'active' };
    expect(seen).toEqual(
      expect.arrayContaining([
        { path: '/page', ...request, asked: false },
        { path: '/next', ...request, asked: true },
        { path: '/ahead', ...request, asked: true },
      ]),
    );
    await waitFor(
      'checks of the failing page',
      () => server.count('/page'),
      (n) => n >= 3,
    );
    const state = await sessionState(ext.worker);
    expect(Object.values(state.tabs)).toEqual([expect.objectContaining({ tabId, url: server.url('/page') })]);
    expect(state.tabs[tabId]?.phase).toMatch(/waiting|reloading/);
    // Nothing of the speculative loads was checked or recorded.
    expect(server.count('/next')).toBe(1);
    expect(server.count('/ahead')).toBe(1);
    expect((await history(ext.worker)).filter((i) => i.url.startsWith(server.origin))).toEqual([]);
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /page',
    );
  });

  it('never acts on a frame or a fetch inside a service-worker page that gets a 502', async () => {
    server = await startServiceWorkerSite();
    server.route('/frame', 502);
    server.route('/api', 502);
    const page = await open(server.url('/start'));
    expect(await page.evaluate(controlledByWorker)).toBe(true);
    await page.goto(server.url('/host-page'));
    // The worker passes the frame's navigation through too: the frame shows the 502.
    await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.src = '/frame';
      document.body.append(frame);
      await new Promise((r) => frame.addEventListener('load', r, { once: true }));
      await fetch('/api');
    });
    await sleep(3000);
    expect(server.count('/frame')).toBe(1);
    expect(server.count('/api')).toBe(1);
    expect(server.count('/host-page')).toBe(1);
    const after = await sessionState(ext.worker);
    expect(after.tabs).toEqual({});
    expect(after.origins[server.origin]).toBeUndefined();
  });

  it('reads only pages webRequest did not report: a page from the network is never scripted for its status', async () => {
    server = await startTestServer();
    const page = await ext.context.newPage();
    pages.push(page);
    const scripted = await countExtensionScripts(page);
    await page.goto(server.url('/plain'));
    await sleep(1000);
    expect(scripted()).toBe(0);
    server.fail({ status: 502 });
    await page.goto(server.url('/plain-502'));
    await sleep(1500);
    // A failed page is read once, for a refresh it may declare (never for its status: webRequest gave it).
    expect(scripted()).toBe(1);
    // The same count sees a page a service worker served: the zero above is not blindness.
    const site = await startServiceWorkerSite();
    try {
      await page.goto(site.url('/start'));
      expect(await page.evaluate(controlledByWorker)).toBe(true);
      await page.goto(site.url('/served'));
      await waitFor('the served page read once', scripted, (n) => n >= 1, 5000);
    } finally {
      await site.close();
    }
  });

  it('keeps the incident of a waiting tab that Chromium discards (new id) and reloads it once the site answers', async () => {
    server = await startTestServer({ status: 502 });
    await open(server.url('/memory-saver'));
    const front = await open(server.url('/other'));
    await front.bringToFront();
    const oldId = await tabIdOf(ext.worker, server.url('/memory-saver'));
    await waitFor(
      'waiting',
      () => sessionState(ext.worker),
      (s) => s.tabs[oldId]?.phase === 'waiting',
    );
    const newId = await ext.worker.evaluate((id) => chrome.tabs.discard(id).then((t) => t?.id ?? -1), oldId);
    expect(newId).not.toBe(oldId);
    await waitFor(
      'incident moved to the new id',
      () => sessionState(ext.worker),
      (s) => s.tabs[newId]?.phase === 'waiting' && !s.tabs[oldId],
    );
    server.recover();
    await waitFor(
      'discarded tab reloaded and recovered',
      () => ext.worker.evaluate((id) => chrome.tabs.get(id).then((t) => `${t.discarded} ${t.title}`), newId),
      (t) => t === 'false OK',
    );
    await waitFor(
      'recovery recorded',
      () => history(ext.worker),
      (h) => h.some((i) => i.url.endsWith('/memory-saver') && i.outcome === 'recovered'),
    );
    expect(Object.keys((await sessionState(ext.worker)).tabs)).not.toContain(String(oldId));
  });

  it('a discarded waiting tab the visitor returns to loads again under its new id: still one incident', async () => {
    server = await startTestServer({ status: 502 });
    await open(server.url('/come-back'));
    const front = await open(server.url('/front'));
    await front.bringToFront();
    const oldId = await tabIdOf(ext.worker, server.url('/come-back'));
    await waitFor(
      'waiting',
      () => sessionState(ext.worker),
      (s) => s.tabs[oldId]?.phase === 'waiting',
    );
    const startedAt = (await sessionState(ext.worker)).tabs[oldId]!.startedAt;
    const newId = await ext.worker.evaluate((id) => chrome.tabs.discard(id).then((t) => t?.id ?? -1), oldId);
    const loadsBefore = server.count('/come-back');
    await ext.worker.evaluate((id) => chrome.tabs.update(id, { active: true }), newId);
    await waitFor(
      'Chromium loads the tab again',
      () => server.count('/come-back'),
      (n) => n > loadsBefore,
    );
    await sleep(500);
    const state = await sessionState(ext.worker);
    const comeBack = Object.values(state.tabs).filter((t) => t.url.endsWith('/come-back'));
    expect(comeBack).toEqual([expect.objectContaining({ tabId: newId, phase: 'waiting', startedAt })]);
    expect((await history(ext.worker)).filter((i) => i.url.endsWith('/come-back'))).toEqual([]);
    server.recover();
    await waitFor(
      'recovered',
      () => ext.worker.evaluate((id) => chrome.tabs.get(id).then((t) => t.title), newId),
      (t) => t === 'OK',
    );
  });
});

describe.runIf(hasChromium)('Chromium: installed while a tab shows a 502', () => {
  it('takes in the failing tab at install, honours Retry-After from its first check, and brings it back', async () => {
    const server = await startTestServer({ status: 502, headers: { 'retry-after': '3' } });
    const browser = await launchChromiumWithoutExtension();
    try {
      const page = await browser.context.newPage();
      await page.goto(server.url('/before-install'));
      const healthy = await startTestServer();
      const other = await browser.context.newPage();
      await other.goto(healthy.url('/fine'));
      expect(await stateText(page)).toBe('error 502');
      const { worker } = await browser.install();
      const tabId = await tabIdOf(worker, server.url('/before-install'));
      await waitFor(
        'failing tab taken in',
        () => sessionState(worker),
        (s) => s.tabs[tabId]?.phase === 'waiting',
      );
      // Only the failing tab: the healthy one is read and left alone.
      expect(Object.keys((await sessionState(worker)).tabs)).toEqual([String(tabId)]);
      // The page cannot tell its headers: the first check's Retry-After (3 s) spaces the next one,
      // which would otherwise come about 1.6 s later.
      await waitFor(
        'two checks',
        () => server.count('/before-install'),
        (n) => n >= 3,
      );
      const [, first, second] = server.requests.filter((r) => r.path === '/before-install');
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(2900);
      server.recover();
      await waitFor(
        'page recovered',
        () => stateText(page),
        (t) => t === 'ok /before-install',
      );
      expect(healthy.count('/fine')).toBe(1);
      await healthy.close();
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
