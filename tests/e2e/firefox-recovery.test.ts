/** The same product in Firefox ESR: the event page recovers tabs, never resends a POST, honours Retry-After. */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { startTestServer, type TestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForText(page: Page, expected: string, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (text) => document.querySelector('#state')?.textContent === text,
    { timeout: timeoutMs },
    expected,
  );
}

describe.runIf(hasFirefox)('recovery engine in Firefox', () => {
  let ext: FirefoxExtension;
  let server: TestServer;
  const pages: Page[] = [];

  const open = async (path: string) => {
    const page = await ext.browser.newPage();
    pages.push(page);
    await page.goto(server.url(path));
    return page;
  };

  beforeAll(async () => {
    ext = await launchFirefox();
  });
  beforeEach(async () => {
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
    await waitForText(page, 'error 502');
    await sleep(2500);
    expect(server.count('/article')).toBeGreaterThan(1);
    server.recover();
    await waitForText(page, 'ok /article');
  });

  it('never re-sends a POST that ended in a gateway error', async () => {
    server = await startTestServer();
    server.route('/submit', 502);
    const page = await open('/form');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    await waitForText(page, 'error 502');
    await sleep(4000);
    expect(server.requests.filter((r) => r.path === '/submit')).toHaveLength(1);
  });

  it('honours Retry-After', async () => {
    server = await startTestServer({ status: 503, headers: { 'retry-after': '4' } });
    const loadedAt = Date.now();
    const page = await open('/busy');
    await sleep(3000);
    expect(server.count('/busy', loadedAt)).toBe(1);
    server.recover();
    await waitForText(page, 'ok /busy', 10_000);
  });
});
