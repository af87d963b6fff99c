/**
 * The recovery engine on sites that behave like real ones, in real Chromium: a failure tied to the
 * visitor's session, a page that refreshes itself or retries at a new address, a visitor who leaves,
 * a tab switched to, tabs coming back in turn, a reload that never completes. The scenarios are
 * shared with Firefox (support/real-web-scenarios.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium, sessionState } from './support/chromium';
import { openPopupFor, tabIdOf } from './support/popup-page';
import * as scenario from './support/real-web-scenarios';

describe.runIf(hasChromium)('the engine on the real web, in Chromium', () => {
  let ext: ChromiumExtension;
  const pages: Page[] = [];

  const driver: scenario.RealWebDriver<Page> = {
    ...scenario.pageActions(() => ext.context.newPage(), pages),
    stateText: (page) =>
      page
        .locator('#state')
        .textContent({ timeout: 2000 })
        .catch(() => null),
    setSettings: (settings) => ext.setSettings(settings),
    sessionState: () => sessionState(ext.worker),
    history: async () =>
      ((await ext.worker.evaluate(() => chrome.storage.local.get('history'))).history ?? []) as Incident[],
    badgeText: async (url) =>
      ext.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), await tabIdOf(ext, url)),
    popup: async (url) => {
      const { popup } = await openPopupFor(ext, url);
      pages.push(popup);
      return {
        verdict: async () => (await popup.locator('.verdict').textContent()) ?? '',
        fixes: () => popup.locator('ol.fixes > li').allTextContents(),
      };
    },
  };

  beforeAll(async () => {
    ext = await launchChromium();
  });
  beforeEach(async () => {
    // The fast schedule of the tests (2 s cap); the site budget is the shipped one.
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    for (const s of scenario.realWebSites.splice(0)) await s.close();
  });

  scenario.realWebTests(driver);
});
