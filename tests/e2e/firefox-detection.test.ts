/**
 * Gateway errors webRequest does not report as a page load, in real Firefox ESR: a site whose service
 * worker passes page loads through (Firefox reports only the worker's fetch, tabId -1), and a tab that
 * failed before the extension was installed into the running browser.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveryState } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { controlledByWorker, startServiceWorkerSite } from './support/sw-site';
import { startTestServer, type TestServer } from './support/test-server';
import { waitFor } from './support/wait';

async function waitForText(page: Page, expected: string, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (text) => document.querySelector('#state')?.textContent === text,
    { timeout: timeoutMs },
    expected,
  );
}

/** The recovery state as the popup reads it, from an extension page kept open. */
async function stateReader(ext: FirefoxExtension): Promise<() => Promise<RecoveryState>> {
  const page = await ext.openPage('src/popup/index.html');
  return async () => {
    const items = await page.evaluate(() => (globalThis as any).browser.storage.session.get(null));
    return stateFromItems(items).state;
  };
}

describe.runIf(hasFirefox)('Firefox: a site whose service worker passes page loads through', () => {
  let ext: FirefoxExtension;
  let server: TestServer;

  beforeAll(async () => {
    ext = await launchFirefox();
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(() => server?.close());

  it('brings the page back from a 502 by itself, at its exact address over 2 KB with its fragment', async () => {
    server = await startServiceWorkerSite();
    const state = await stateReader(ext);
    const page = await ext.browser.newPage();
    await page.goto(server.url('/start'));
    expect(await page.evaluate(controlledByWorker)).toBe(true);
    server.fail({ status: 502 });
    const failedAt = Date.now();
    // Storage keeps this address cut and without its fragment: the tab must get the whole.
    const address = server.url(`/article?ref=${'x'.repeat(2500)}#/comments/7`);
    await page.goto(address);
    await waitForText(page, 'error 502');
    await waitFor('incident read from the page', state, (s) =>
      Object.values(s.tabs).some(
        (t) => t.url.startsWith(server.url('/article?ref=xx')) && t.source === 'page',
      ),
    );
    await waitFor(
      'checks of the site',
      () => server.count('/article', failedAt),
      (n) => n >= 3,
    );
    server.recover();
    await waitForText(page, 'ok /article');
    // A new GET of the whole address (never the cut one), then the fragment put back in place.
    await page.waitForFunction((href) => location.href === href, { timeout: 10_000 }, address);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.name)).toBe(
      address.split('#')[0],
    );
    await waitFor('incident ended', state, (s) => Object.keys(s.tabs).length === 0);
  });
});

describe.runIf(hasFirefox)('Firefox: installed while a tab shows a 502', () => {
  let ext: FirefoxExtension;
  let server: TestServer;
  let healthy: TestServer;

  beforeAll(async () => {
    ext = await launchFirefox({ installLater: true });
  });
  afterAll(async () => {
    await server?.close();
    await healthy?.close();
    await ext?.close();
  });

  it('takes in the failing tab at install and brings it back once the site answers', async () => {
    server = await startTestServer({ status: 503 });
    healthy = await startTestServer();
    const page = await ext.browser.newPage();
    await page.goto(server.url('/before-install'));
    await waitForText(page, 'error 503');
    const other = await ext.browser.newPage();
    await other.goto(healthy.url('/fine'));
    await ext.install();
    const state = await stateReader(ext);
    await waitFor('failing tab taken in', state, (s) =>
      Object.values(s.tabs).some((t) => t.url === server.url('/before-install') && t.phase === 'waiting'),
    );
    // Only the failing tab: the healthy one is read and left alone.
    expect(Object.values((await state()).tabs).map((t) => t.url)).toEqual([server.url('/before-install')]);
    await waitFor(
      'a check',
      () => server.count('/before-install'),
      (n) => n >= 2,
    );
    server.recover();
    await waitForText(page, 'ok /before-install');
    expect(healthy.count('/fine')).toBe(1);
  });
});
