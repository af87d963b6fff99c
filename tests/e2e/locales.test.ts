/**
 * The popup and options page in Arabic (right to left) and on a phone-sized touch screen, in real
 * Chromium against real 502s on 127.0.0.1: the browser's UI language picks the messages, the page
 * mirrors, and axe-core finds nothing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData } from '../../scripts/screenshots/options';
import { axeViolations } from './support/axe';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { openPopupFor } from './support/popup-page';
import { startTestServer, type TestServer } from './support/test-server';

const CLOUDFLARE = { server: 'cloudflare', 'cf-ray': '8f2a3b4c5d6e7f80-NRT', 'retry-after': '40' };

async function failingPopup(ext: ChromiumExtension, server: TestServer): Promise<Page> {
  await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  const page = await ext.context.newPage();
  await page.goto(server.url('/article'));
  const { popup } = await openPopupFor(ext, page.url());
  await popup.locator('.countdown').waitFor();
  return popup;
}

async function openFixes(popup: Page): Promise<void> {
  const details = popup.locator('.fixes-section');
  if ((await details.getAttribute('open')) === null) await popup.locator('.fixes-section > summary').click();
  await popup.locator('[data-fix="dns"] .fix-button').click();
  await popup.locator('[data-fix="dns"] .dns').waitFor();
}

describe.runIf(hasChromium)('Arabic, right to left', () => {
  let ext: ChromiumExtension;
  let server: TestServer;
  let popup: Page;

  beforeAll(async () => {
    ext = await launchChromium({ locale: 'ar' });
    server = await startTestServer({ status: 502, headers: CLOUDFLARE });
    popup = await failingPopup(ext, server);
  });
  afterAll(async () => {
    await server?.close();
    await ext?.close();
  });

  it('takes the browser’s UI language (--lang=ar, LANGUAGE=ar) and shows the Arabic messages', async () => {
    expect(await ext.worker.evaluate(() => chrome.i18n.getUILanguage())).toBe('ar');
    expect(await popup.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(
      ['ar', 'rtl'],
    );
    const arabic = /[\u0600-\u06FF]/;
    expect(await popup.locator('.verdict h2').textContent()).toMatch(arabic);
    expect(await popup.locator('.retry .status').textContent()).toMatch(arabic);
    // The sentence around the countdown is Arabic; the countdown itself stays m:ss.
    expect(await popup.locator('.progress').textContent()).toMatch(arabic);
    expect(await popup.locator('.countdown').textContent()).toMatch(/^\d+:\d\d$/);
  });

  it('mirrors: the hops run from the right, the verdict’s bar is on the right, the address stays left to right', async () => {
    const hopX = await popup
      .locator('.hop-mark')
      .evaluateAll((marks) => marks.map((m) => m.getBoundingClientRect().x));
    expect(hopX).toHaveLength(3);
    expect(hopX[0]).toBeGreaterThan(hopX[1]!);
    expect(hopX[1]).toBeGreaterThan(hopX[2]!);
    const border = await popup
      .locator('.verdict')
      .evaluate((e) => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]);
    expect(border).toEqual(['4px', '1px']);
    expect(await popup.locator('.host bdi').evaluate((e) => getComputedStyle(e).direction)).toBe('ltr');
    expect(await popup.locator('.host').textContent()).toBe('127.0.0.1');
  });

  it('is axe-clean with the fixes and the DNS steps open', async () => {
    await openFixes(popup);
    expect(await axeViolations(popup)).toEqual([]);
  });

  it('options: time runs from the right in the timelines, and the page is axe-clean', async () => {
    const options = await ext.openPage('src/options/index.html');
    await seedSampleData(options);
    await options.reload();
    await options.locator('#history table').waitFor();
    expect(await options.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The first check of an incident is drawn right of its last one; the oldest week right of this week.
    const marks = await options
      .locator('tr[data-incident="s3"] svg.timeline')
      .evaluate((svg) =>
        [...svg.querySelectorAll('.mark-failed, .mark-ok')].map((m) => m.getBoundingClientRect().x),
      );
    expect(marks.length).toBeGreaterThan(2);
    expect(marks[0]).toBeGreaterThan(marks.at(-1)!);
    const bars = await options
      .locator('.weekly-chart')
      .first()
      .evaluate((svg) => [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect().x));
    expect(bars[0]).toBeGreaterThan(bars.at(-1)!);
    // Durations and dates in Arabic words, not English units.
    expect(await options.locator('tr[data-incident="s3"] td').nth(3).textContent()).not.toMatch(/[a-z]/i);
    expect(await axeViolations(options)).toEqual([]);
    await options.close();
  });
});

describe.runIf(hasChromium)('a phone: 360 × 740, touch screen', () => {
  let ext: ChromiumExtension;
  let server: TestServer;

  beforeAll(async () => {
    ext = await launchChromium();
    server = await startTestServer({ status: 502, headers: CLOUDFLARE });
  });
  afterAll(async () => {
    await server?.close();
    await ext?.close();
  });

  it('fits the width, gives every target 44 px, and is axe-clean', async () => {
    const popup = await failingPopup(ext, server);
    await popup.setViewportSize({ width: 360, height: 740 });
    await ext.touchScreen(popup);
    expect(await popup.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await openFixes(popup);
    expect(await popup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const small = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, summary, a, .fix-button')]
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => ({ text: e.textContent?.trim().slice(0, 30), height: e.getBoundingClientRect().height }))
        .filter((e) => e.height < 44),
    );
    expect(small).toEqual([]);
    expect(await axeViolations(popup)).toEqual([]);
  });

  it('takes the whole width of a wider phone', async () => {
    const popup = await failingPopup(ext, server);
    await popup.setViewportSize({ width: 412, height: 915 });
    await ext.touchScreen(popup);
    expect(await popup.evaluate(() => document.body.getBoundingClientRect().width)).toBe(412);
  });
});
