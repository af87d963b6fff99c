/** The popup in real Chromium, against the real background and real HTTP servers on 127.0.0.1. */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { openPopupFor, tabIdOf } from './support/popup-page';
import { startTestServer, type TestServer } from './support/test-server';
import { sleep, waitFor } from './support/wait';

const CLOUDFLARE = { server: 'cloudflare', 'cf-ray': '8f2a3b4c5d6e7f80-NRT' };

/** Seconds left on the popup's countdown (`m:ss`). */
async function countdown(popup: Page): Promise<number> {
  const text = (await popup.locator('.countdown').textContent()) ?? '';
  const [m, s] = text.split(':').map(Number);
  return m! * 60 + s!;
}

describe.runIf(hasChromium)('popup in Chromium', () => {
  let ext: ChromiumExtension;
  let server: TestServer;
  const pages: Page[] = [];

  const openFailing = async (path: string) => {
    const page = await ext.context.newPage();
    pages.push(page);
    await page.goto(server.url(path));
    return page;
  };
  const popupFor = async (page: Page) => {
    const opened = await openPopupFor(ext, page.url());
    pages.push(opened.popup);
    return opened.popup;
  };
  const status = (popup: Page) => popup.locator('.retry [role="status"]').textContent();

  beforeAll(async () => {
    ext = await launchChromium();
  });
  beforeEach(async () => {
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    await server?.close();
  });
  afterAll(() => ext?.close());

  it('shows the code, the verdict, the layer and a countdown that ticks down', async () => {
    // Retry-After holds the next check back long enough to watch the countdown.
    server = await startTestServer({ status: 502, headers: { ...CLOUDFLARE, 'retry-after': '40' } });
    const popup = await popupFor(await openFailing('/article'));
    await expect(popup.locator('h1').textContent()).resolves.toBe('502 Bad Gateway');
    await expect(popup.locator('.verdict h2').textContent()).resolves.toBe(
      "The problem is on the site's side",
    );
    await expect(popup.locator('.hop-label').nth(1).textContent()).resolves.toBe('Cloudflare');
    // Its headers show Cloudflare is there, not that the 502 is its own (no check has read the page yet).
    await expect(popup.locator('.verdict p').textContent()).resolves.toContain(
      'Cloudflare probably answered for the site',
    );
    await expect(status(popup)).resolves.toContain('Retrying by itself');
    await expect(popup.locator('.progress').textContent()).resolves.toContain('of 20');
    const first = await countdown(popup);
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThanOrEqual(40);
    const box = await popup.locator('.countdown').boundingBox();
    await sleep(2200);
    const later = await countdown(popup);
    expect(later).toBeLessThanOrEqual(first - 2);
    expect(later).toBeGreaterThanOrEqual(first - 3);
    // The slot does not move or resize as it ticks.
    expect(await popup.locator('.countdown').boundingBox()).toEqual(box);
  });

  it("hands out the tab's whole address over 2 KB, never the cut one kept for storage", async () => {
    server = await startTestServer({ status: 502, headers: { ...CLOUDFLARE, 'retry-after': '60' } });
    const page = await openFailing(`/long?q=${'x'.repeat(2500)}#/results/2`);
    const popup = await popupFor(page);
    await popup.locator('.fixes-section > summary').click();
    await expect(
      popup.locator('.fixes li[data-fix="archive"] a').getAttribute('href', { timeout: 5000 }),
    ).resolves.toBe(`https://web.archive.org/web/*/${page.url()}`);
    expect(page.url()).toContain('#/results/2');
    await expect(popup.locator('body').textContent()).resolves.not.toContain('(cut-');
  });

  it('opens the settings and history in a tab', async () => {
    server = await startTestServer({ status: 502, headers: { 'retry-after': '60' } });
    const popup = await popupFor(await openFailing('/settings-link'));
    const [options] = await Promise.all([
      ext.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Settings and history' }).click(),
    ]);
    pages.push(options);
    await options.waitForURL(`chrome-extension://${ext.extensionId}/src/options/index.html`);
    await options.locator('#max-attempts').waitFor();
  });

  it('reloads the tab, and reloads bypassing the cache, and remembers both as tried', async () => {
    server = await startTestServer({ status: 502, headers: { 'retry-after': '60' } });
    const popup = await popupFor(await openFailing('/reload-me'));
    await popup.locator('.fixes-section > summary').click();

    const before = server.count('/reload-me');
    await popup.getByRole('button', { name: 'Reload the page' }).click();
    await waitFor(
      'reload request',
      () => server.count('/reload-me'),
      (n) => n > before,
    );
    const plain = server.requests.filter((r) => r.path === '/reload-me').at(-1)!;
    expect(plain.headers['cache-control']).not.toBe('no-cache');

    const beforeBypass = server.count('/reload-me');
    await popup.getByRole('button', { name: 'Reload, skipping the cache' }).click();
    await waitFor(
      'bypass request',
      () => server.count('/reload-me'),
      (n) => n > beforeBypass,
    );
    const bypass = server.requests.filter((r) => r.path === '/reload-me').at(-1)!;
    expect([bypass.headers['cache-control'], bypass.headers.pragma]).toContain('no-cache');

    await waitFor(
      'both fixes marked as tried',
      () => popup.locator('.fix.tried').evaluateAll((els) => els.map((e) => e.getAttribute('data-fix'))),
      (tried) => tried.includes('reload') && tried.includes('bypass-cache'),
    );
  });

  it("clears the site's cached files (the permission is granted in headless Chromium) and reloads", async () => {
    server = await startTestServer({ status: 502, headers: { 'retry-after': '60' } });
    server.route('/cached.js', 200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' });
    const page = await openFailing('/app');
    const fetchCached = () => page.evaluate(() => fetch('/cached.js').then((r) => r.status));
    await fetchCached();
    await fetchCached();
    expect(server.count('/cached.js')).toBe(1); // the second came from the cache

    const popup = await popupFor(page);
    const loadsBefore = server.count('/app');
    await popup.locator('.fixes-section > summary').click();
    await popup.getByRole('button', { name: "Clear this site's cached files" }).click();
    await waitFor(
      'cleared notice',
      () => popup.locator('.notice').textContent(),
      (t) => Boolean(t?.includes("Cleared this site's data")),
    );
    await waitFor(
      'tab reloaded',
      () => server.count('/app'),
      (n) => n > loadsBefore,
    );
    // Let the reload commit before fetching from the page again.
    await sleep(1000);
    await page.waitForLoadState('load');
    await fetchCached();
    expect(server.count('/cached.js')).toBe(2);
    const granted = await ext.worker.evaluate(() =>
      chrome.permissions.contains({ permissions: ['browsingData'] }),
    );
    expect(granted).toBe(true);
  });

  it('Retry now makes the background check at once', async () => {
    server = await startTestServer({ status: 502, headers: { 'retry-after': '60' } });
    const page = await openFailing('/now');
    const popup = await popupFor(page);
    await sleep(1500);
    const before = server.count('/now');
    const clickedAt = Date.now();
    await popup.getByRole('button', { name: 'Retry now' }).click();
    await waitFor(
      'a check',
      () => server.count('/now', clickedAt),
      (n) => n > 0,
      5000,
    );
    // The check ran without the visitor's cookies and cache, as a fresh check should.
    const check = server.requests.filter((r) => r.path === '/now' && r.at >= clickedAt)[0]!;
    expect(check.headers.cookie).toBeUndefined();
    expect(server.count('/now')).toBeGreaterThan(before);
    await waitFor(
      'attempts counted',
      () => popup.locator('.progress').textContent(),
      (t) => Boolean(t?.includes('Checks: 1 of 20')),
    );
  });

  it('Stop retrying stops the checks; Resume retrying starts them again at once', async () => {
    await ext.setSettings({ maxDelaySeconds: 1, maxAttempts: 50 });
    server = await startTestServer({ status: 503 });
    const page = await openFailing('/busy');
    const popup = await popupFor(page);
    await waitFor(
      'checks running',
      () => server.count('/busy'),
      (n) => n >= 3,
    );

    await popup.getByRole('button', { name: 'Stop retrying' }).click();
    await waitFor(
      'stopped',
      () => status(popup),
      (t) => Boolean(t?.startsWith('Retrying stopped')),
    );
    const stoppedAt = Date.now();
    await sleep(4000);
    expect(server.count('/busy', stoppedAt)).toBe(0);

    const resumedAt = Date.now();
    await popup.getByRole('button', { name: 'Resume retrying' }).click();
    await waitFor(
      'a check after resume',
      () => server.count('/busy', resumedAt),
      (n) => n > 0,
      5000,
    );
    await waitFor(
      'retrying again',
      () => status(popup),
      (t) => Boolean(t?.startsWith('Retrying by itself')),
    );

    // Stopped again, then a form sent to the same page fails: an incident of its own, its own entry.
    await popup.getByRole('button', { name: 'Stop retrying' }).click();
    await waitFor(
      'stopped again',
      () => status(popup),
      (t) => Boolean(t?.startsWith('Retrying stopped')),
    );
    await page.evaluate(() => {
      const form = Object.assign(document.createElement('form'), { method: 'post', action: location.href });
      document.body.append(form);
      form.submit();
    });
    const entries = await waitFor(
      'three history entries',
      async () =>
        ((await ext.worker.evaluate(() => chrome.storage.local.get('history'))).history as
          | { id: string; url: string; outcome: string; method: string }[]
          | undefined) ?? [],
      (h) => h.filter((i) => i.url === server.url('/busy')).length >= 3,
    );
    const mine = entries.filter((i) => i.url === server.url('/busy'));
    expect(mine.map((i) => [i.outcome, i.method])).toEqual([
      ['not-retried', 'POST'],
      ['stopped', 'GET'],
      ['stopped', 'GET'],
    ]);
    expect(new Set(mine.map((i) => i.id)).size).toBe(3);
  });

  it('after giving up, Try again counts against what it allowed: never "3 of 2"', async () => {
    await ext.setSettings({ maxDelaySeconds: 1, maxAttempts: 2 });
    server = await startTestServer({ status: 502 });
    const page = await openFailing('/again');
    const { popup, tabId } = await openPopupFor(ext, page.url());
    pages.push(popup);
    await waitFor(
      'gave up',
      () => status(popup),
      (t) => Boolean(t?.startsWith('Gave up')),
    );
    await expect(popup.locator('.progress').textContent()).resolves.toBe('Checks: 2 of 2');
    await popup.getByRole('button', { name: 'Try again' }).click();
    await waitFor(
      'the check after Try again counted',
      () => popup.locator('.progress').textContent(),
      (t) => Boolean(t?.startsWith('Checks: 3 of 4')),
    );
    const title = await ext.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
    expect(title).toContain('(check 3 of 4)');
  });

  it('explains a failed form and resends it only on request', async () => {
    server = await startTestServer();
    server.route('/submit', 502);
    const page = await openFailing('/checkout');
    await page.locator('#submit').click();
    await page.waitForURL(/\/submit$/);
    const popup = await popupFor(page);
    await expect(popup.locator('.post-notice h2').textContent()).resolves.toBe(
      'This page is the answer to a form',
    );
    const posts = () => server.requests.filter((r) => r.path === '/submit' && r.method === 'POST').length;
    await sleep(2500);
    expect(posts()).toBe(1);
    await expect(popup.locator('.retry').count()).resolves.toBe(0);
  });

  describe('accessibility (axe-core) in the main states', () => {
    it('finds no violations while retrying, with the checklist and DNS advice open', async () => {
      server = await startTestServer({ status: 502, headers: CLOUDFLARE });
      const popup = await popupFor(await openFailing('/a11y'));
      await popup.locator('.fixes-section > summary').click();
      await popup.getByRole('button', { name: 'Change DNS servers' }).click();
      // The advice loads when the row opens: axe checks it once it is there.
      await popup.locator('.dns').waitFor();
      await popup.getByRole('button', { name: 'Cookies too…' }).click();
      expect(await axeViolations(popup)).toEqual([]);
      await popup.emulateMedia({ colorScheme: 'dark' });
      expect(await axeViolations(popup)).toEqual([]);
    });

    it('finds no violations after giving up, for a form, for an operator and on a healthy tab', async () => {
      await ext.setSettings({ maxDelaySeconds: 1, maxAttempts: 1, operatedSites: ['127.0.0.1'] });
      server = await startTestServer({ status: 504, headers: { server: 'nginx' } });
      server.route('/submit', 502);
      server.route('/fine', 200);
      const gaveUp = await popupFor(await openFailing('/gone'));
      await gaveUp.locator('.retry[data-phase="gave-up"]').waitFor({ timeout: 20_000 });
      await gaveUp.locator('.operator').waitFor();
      for (const scheme of ['light', 'dark'] as const) {
        await gaveUp.emulateMedia({ colorScheme: scheme });
        expect(await axeViolations(gaveUp)).toEqual([]);
      }

      const formPage = await openFailing('/fine');
      await formPage.locator('#submit').click();
      await formPage.waitForURL(/\/submit$/);
      const post = await popupFor(formPage);
      await post.locator('.post-notice').waitFor();
      expect(await axeViolations(post)).toEqual([]);

      const healthy = await popupFor(await openFailing('/fine'));
      await healthy.locator('h1').waitFor();
      expect(await axeViolations(healthy)).toEqual([]);
    });
  });
});

describe.runIf(hasChromium)('the toolbar popup itself in Chromium', () => {
  it('opens over the active failing tab and shows it while the service worker is stopped', async () => {
    const ext = await launchChromium();
    // Retry-After keeps the background from checking (and waking) during the test.
    const server = await startTestServer({ status: 502, headers: { 'retry-after': '120' } });
    try {
      const site = await ext.context.newPage();
      await site.goto(server.url('/toolbar'));
      const tabId = await tabIdOf(ext, server.url('/toolbar'));
      const windowId = await ext.worker.evaluate((id) => chrome.tabs.get(id).then((t) => t.windowId), tabId);
      // An extension page opens the real popup and reads it; the failing tab stays the active one.
      const probe = await ext.openPage('src/options/index.html');
      await site.bringToFront();
      await ext.killWorker();
      const shown = await probe.evaluate(async (windowId) => {
        await chrome.action.openPopup({ windowId });
        for (let waited = 0; waited < 5000; waited += 50) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          const popup = chrome.extension.getViews({ type: 'popup' })[0];
          const heading = popup?.document.querySelector('h1')?.textContent;
          if (!popup || !heading) continue;
          const status = popup.document.querySelector('.retry [role="status"]')?.textContent;
          popup.close();
          return { heading, status };
        }
        return null;
      }, windowId);
      expect(shown).toEqual({
        heading: '502 Bad Gateway',
        status: expect.stringContaining('Retrying by itself'),
      });
    } finally {
      await server.close();
      await ext.close();
    }
  });
});
