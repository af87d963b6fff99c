/** The recovery engine in real Chromium against real HTTP servers on 127.0.0.1. */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveryState } from '../../src/core/recovery-state';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { startTestServer, type TestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  read: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
) {
  const end = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(100);
    last = await read();
  }
  return last;
}

const stateText = (page: Page) =>
  page
    .locator('#state')
    .textContent({ timeout: 2000 })
    .catch(() => null);

describe.runIf(hasChromium)('recovery engine in Chromium', () => {
  let ext: ChromiumExtension;
  let server: TestServer;
  const pages: Page[] = [];

  const open = async (path = '/') => {
    const page = await ext.context.newPage();
    pages.push(page);
    await page.goto(server.url(path));
    return page;
  };
  const sessionState = async (): Promise<RecoveryState> => {
    const items = await ext.worker.evaluate(() => chrome.storage.session.get('recovery'));
    return (items.recovery as RecoveryState | undefined) ?? { tabs: {}, origins: {} };
  };

  beforeAll(async () => {
    ext = await launchChromium();
    // Fast schedule for tests: the cap is a setting; the first check comes after about a second as shipped.
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    await server?.close();
  });

  it('brings a 502 page back by itself once the site answers', async () => {
    server = await startTestServer({ status: 502 });
    const page = await open('/article');
    expect(await stateText(page)).toBe('error 502');
    await sleep(2500);
    const checksDuringOutage = server.count('/article');
    expect(checksDuringOutage).toBeGreaterThan(1);
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /article',
    );
    await waitFor(
      'incident recorded',
      () => ext.worker.evaluate(() => chrome.storage.local.get('history')),
      (h) =>
        Array.isArray(h.history) && h.history.some((i: { outcome: string }) => i.outcome === 'recovered'),
    );
    const state = await sessionState();
    expect(Object.keys(state.tabs)).toHaveLength(0);
    expect(Object.keys(state.origins)).toHaveLength(0);
  });

  it('checks without cookies or cache, and reloads only after a check succeeded', async () => {
    server = await startTestServer({ status: 503 });
    await open('/x');
    await waitFor(
      'a check',
      () => server.count('/x'),
      (n) => n >= 2,
    );
    const check = server.requests.filter((r) => r.path === '/x')[1]!;
    expect(check.method).toBe('GET');
    expect(check.headers.cookie).toBeUndefined();
    expect(check.headers['cache-control'] ?? check.headers.pragma).toMatch(/no-cache/);
  });

  it('never re-sends a POST that ended in a gateway error', async () => {
    server = await startTestServer();
    server.route('/submit', 502);
    const page = await open('/form');
    await Promise.all([page.waitForLoadState('load'), page.click('#submit')]);
    expect(await stateText(page)).toBe('error 502');
    await sleep(4000);
    expect(server.requests.filter((r) => r.path === '/submit')).toHaveLength(1);
    const state = await sessionState();
    const tab = Object.values(state.tabs)[0];
    expect(tab).toMatchObject({ phase: 'not-retried', reason: 'post' });
  });

  it('leaves 404, 500 and 200 pages alone', async () => {
    server = await startTestServer();
    server.route('/missing', 404);
    server.route('/broken', 500);
    await open('/missing');
    await open('/broken');
    await open('/fine');
    await sleep(3000);
    expect(server.count('/missing')).toBe(1);
    expect(server.count('/broken')).toBe(1);
    expect(server.count('/fine')).toBe(1);
    expect(Object.keys((await sessionState()).tabs)).toHaveLength(0);
  });
});
