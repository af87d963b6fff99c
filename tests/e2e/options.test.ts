/**
 * The options page in real Chromium: what the visitor changes there is what storage.sync holds and
 * what the background does; the history shows real incidents and exports them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';
import type { Settings } from '../../src/core/settings';
import { axeViolations } from './support/axe';
import { hasChromium, hasFirefox } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { startTestServer, type TestServer } from './support/test-server';
import { sleep, waitFor } from './support/wait';

describe.runIf(hasChromium)('options page in Chromium', () => {
  let ext: ChromiumExtension;
  let options: Page;
  const servers: TestServer[] = [];
  const tabs: Page[] = [];

  const storedSettings = async () =>
    (await ext.worker.evaluate(() => chrome.storage.sync.get('settings'))).settings as Settings | undefined;
  const storedHistory = async () =>
    ((await ext.worker.evaluate(() => chrome.storage.local.get('history'))).history ?? []) as Incident[];
  const server = async (...args: Parameters<typeof startTestServer>) => {
    const s = await startTestServer(...args);
    servers.push(s);
    return s;
  };
  const visit = async (url: string) => {
    const tab = await ext.context.newPage();
    tabs.push(tab);
    await tab.goto(url);
    return tab;
  };
  const openOptions = async () => {
    options = await ext.openPage('src/options/index.html');
    await options.locator('#settings').waitFor();
  };
  const download = async (button: string) => {
    const [file] = await Promise.all([options.waitForEvent('download'), options.click(button)]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
  };

  beforeAll(async () => {
    ext = await launchChromium();
  });
  beforeEach(async () => {
    await ext.worker.evaluate(() => Promise.all([chrome.storage.sync.clear(), chrome.storage.local.clear()]));
    await ext.setSettings({ maxDelaySeconds: 2 });
    await openOptions();
  });
  afterEach(async () => {
    for (const tab of tabs.splice(0)) await tab.close().catch(() => {});
    await options?.close();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(() => ext?.close());

  it('renders the settings as stored, the empty history and the shortcuts', async () => {
    expect(await options.locator('h1').textContent()).toBe('Gateway Rescue settings');
    expect(await options.title()).toBe('Gateway Rescue settings');
    expect(await options.isChecked('#code-503')).toBe(true);
    expect(await options.isChecked('#code-500')).toBe(false);
    expect(await options.inputValue('#max-delay')).toBe('2');
    await options.locator('[data-testid="history-empty"]').waitFor();
    expect(await options.locator('.shortcut').count()).toBe(2);
    expect(await options.locator('#open-shortcut-settings').isVisible()).toBe(true);
  });

  it('goes to the section a link names', async () => {
    const linked = await ext.openPage('src/options/index.html#operated-sites');
    await linked.locator('#operated-sites').waitFor();
    const top = await linked.evaluate(
      () => document.getElementById('operated-sites')!.getBoundingClientRect().top,
    );
    // Below the sticky header, not under it.
    expect(top).toBeGreaterThanOrEqual(50);
    expect(top).toBeLessThan(200);
    await linked.close();
  });

  it('writes each change to storage.sync at once and says Saved', async () => {
    await options.click('#code-503');
    await options.locator('[role="status"]', { hasText: 'Saved' }).waitFor();
    expect((await storedSettings())?.codes).toEqual([502, 504, 520, 521, 522, 523, 524]);

    await options.fill('#max-attempts', '7');
    await options.press('#max-attempts', 'Tab');
    await waitFor('maxAttempts saved', storedSettings, (s) => s?.maxAttempts === 7);
    await options.click('#notify');
    await waitFor('notify saved', storedSettings, (s) => s?.notifyOnRecovery === false);
    // Written through repairSettings, typed and versioned; only what changed is written over what was stored.
    const stored = await storedSettings();
    expect(stored).toMatchObject({ version: 1, maxDelaySeconds: 2 });
    expect(stored?.enabled ?? true).toBe(true);
  });

  it('shows why a site pattern is invalid and saves nothing; saves a valid one normalised', async () => {
    await options.fill('#excluded-sites-input', 'https://example.com/login');
    expect(await options.textContent('#excluded-sites-error')).toBe(
      'Leave out http:// or https:// and type just the site, like example.com.',
    );
    await options.press('#excluded-sites-input', 'Enter');
    await options.click('#excluded-sites .add-row button');
    await sleep(300);
    expect((await storedSettings())?.excludedSites ?? []).toEqual([]);

    await options.fill('#excluded-sites-input', '*.Example.COM');
    await options.press('#excluded-sites-input', 'Enter');
    await waitFor('site saved', storedSettings, (s) => s?.excludedSites.join() === '*.example.com');
    expect(await options.textContent('#excluded-sites-error')).toBe('');
  });

  it('shows an incident put into storage.local while the page is open, and exports it', async () => {
    const incident: Incident = {
      id: 'e2e-incident',
      host: 'shop.example.com',
      url: 'https://shop.example.com/cart',
      code: 504,
      method: 'GET',
      layer: 'cloudflare',
      startedAt: Date.now() - 90_000,
      endedAt: Date.now() - 30_000,
      attempts: 4,
      outcome: 'recovered',
      checks: [
        { at: Date.now() - 89_000, ok: false, status: 504 },
        { at: Date.now() - 30_000, ok: true, status: 200 },
      ],
    };
    await ext.worker.evaluate((i) => chrome.storage.local.set({ history: [i] }), incident);
    const row = options.locator('tr[data-incident="e2e-incident"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('shop.example.com');
    expect(await row.locator('svg.timeline .mark-failed').count()).toBe(1);

    const json = await download('#export-json');
    expect(json.name).toMatch(/^gateway-rescue-history-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(json.text)).toEqual([incident]);
    const csv = await download('#export-csv');
    expect(csv.text.split('\r\n')[1]).toContain('https://shop.example.com/cart');

    await options.click('#clear-history');
    await options.click('#clear-history-confirm');
    await options.locator('[data-testid="history-empty"]').waitFor();
    expect(await storedHistory()).toEqual([]);
  });

  it('lists a real incident after a page recovered, and exports it', async () => {
    const site = await server({ status: 502 });
    const tab = await visit(site.url('/real'));
    await waitFor(
      'a check during the outage',
      async () => site.count('/real'),
      (n) => n >= 2,
    );
    site.recover();
    await waitFor(
      'page back',
      () => tab.locator('#state').textContent(),
      (t) => t === 'ok /real',
    );

    const row = options.locator('#history tbody tr').first();
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('127.0.0.1');
    expect(text).toContain('502');
    expect(text).toContain('Recovered');
    const csv = await download('#export-csv');
    expect(csv.text).toContain(site.url('/real'));
    const json = JSON.parse((await download('#export-json')).text) as Incident[];
    expect(json[0]).toMatchObject({ url: site.url('/real'), code: 502, outcome: 'recovered' });
  });

  it('stops retrying 503 once it is turned off on the page', async () => {
    // With 503 on, the site is checked again…
    const site = await server({ status: 503 });
    await visit(site.url('/on'));
    await waitFor(
      'a check of the 503 page',
      async () => site.count('/on'),
      (n) => n >= 2,
    );
    for (const tab of tabs.splice(0)) await tab.close();

    // …and once it is turned off, it is not.
    await options.click('#code-503');
    await waitFor('503 off', storedSettings, (s) => s?.codes?.includes(503) === false);
    await visit(site.url('/off'));
    await sleep(4000);
    expect(site.count('/off')).toBe(1);
  });

  it('leaves a site excluded on the page alone', async () => {
    const site = await server({ status: 502 });
    await options.fill('#excluded-sites-input', '127.0.0.1');
    await options.press('#excluded-sites-input', 'Enter');
    await waitFor('site excluded', storedSettings, (s) => s?.excludedSites?.includes('127.0.0.1') === true);
    await visit(site.url('/excluded'));
    await sleep(4000);
    expect(site.count('/excluded')).toBe(1);
  });

  it('moves nothing as error messages and "Saved" come and go', async () => {
    const tops = () =>
      options.evaluate(() =>
        ['#settings-heading', '#excluded-sites .add-row', '#operated-sites', '#history-heading'].map(
          (selector) => document.querySelector(selector)!.getBoundingClientRect().top + window.scrollY,
        ),
      );
    const before = await tops();
    await options.fill('#excluded-sites-input', 'not a site');
    expect(await options.textContent('#excluded-sites-error')).not.toBe('');
    await options.fill('#max-attempts', '0');
    expect(await options.textContent('#max-attempts-error')).not.toBe('');
    expect(await tops()).toEqual(before);
    await options.fill('#max-attempts', '20');
    await options.fill('#excluded-sites-input', '');
    await options.click('#code-504');
    await options.locator('[role="status"]', { hasText: 'Saved' }).waitFor();
    expect(await tops()).toEqual(before);
  });

  it('has no accessibility violations, light and dark, with history and a refused pattern', async () => {
    const now = Date.now();
    const history: Incident[] = ['a.example.com', 'b.example.org'].map((host, i) => ({
      id: `axe-${i}`,
      host,
      url: `https://${host}/`,
      code: 502,
      method: 'GET',
      layer: 'nginx',
      startedAt: now - (i + 1) * 86_400_000,
      endedAt: now - (i + 1) * 86_400_000 + 20_000,
      attempts: 2,
      outcome: i ? 'gave-up' : 'recovered',
      checks: [
        { at: now - (i + 1) * 86_400_000 + 1000, ok: false, status: 502 },
        { at: now - (i + 1) * 86_400_000 + 20_000, ok: !i, status: i ? 502 : 200 },
      ],
    }));
    await ext.worker.evaluate((h) => chrome.storage.local.set({ history: h }), history);
    await options.locator('#history table').waitFor();
    await options.fill('#operated-sites-input', 'example.com/path');
    expect(await axeViolations(options, 20)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(options, 20)).toEqual([]);
  });
});

describe.runIf(hasFirefox)('options page in Firefox', () => {
  let ext: FirefoxExtension;
  beforeAll(async () => {
    ext = await launchFirefox();
  });
  afterAll(() => ext?.close());

  it('saves a change to storage.sync, refuses an invalid pattern and says where shortcuts are changed', async () => {
    const page = await ext.openPage('src/options/index.html');
    await page.waitForSelector('#settings');
    const stored = () =>
      page.evaluate(() =>
        (globalThis as any).browser.storage.sync.get('settings').then((i: any) => i.settings),
      );
    expect(await page.$('#open-shortcut-settings')).toBeNull();
    expect(await page.$eval('.shortcut-help', (e) => e.textContent)).toContain('about:addons');

    await page.click('#code-503');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'Saved');
    expect((await stored()).codes).not.toContain(503);

    await page.type('#excluded-sites-input', 'example.com/path');
    await page.keyboard.press('Enter');
    expect(await page.$eval('#excluded-sites-error', (e) => e.textContent)).toContain('Only the site name');
    expect((await stored()).excludedSites).toEqual([]);
    await page.close();
  });
});
