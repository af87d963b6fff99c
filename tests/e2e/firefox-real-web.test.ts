/** The engine on sites that behave like real ones, in Firefox ESR: the same scenarios as in Chromium. */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import * as scenario from './support/real-web-scenarios';

describe.runIf(hasFirefox)('the engine on the real web, in Firefox', () => {
  let ext: FirefoxExtension;
  let helper: Page;
  const pages: Page[] = [];

  /** The tab id, read by the extension. Firefox match patterns carry no port: filter by the full URL. */
  const tabIdOf = async (url: string) => {
    const { protocol, hostname, pathname } = new URL(url);
    const tabs = (await helper.evaluate(
      (pattern) => (globalThis as any).browser.tabs.query({ url: pattern }),
      `${protocol}//${hostname}${pathname}`,
    )) as { id: number; url: string }[];
    const id = tabs.find((tab) => tab.url === url)?.id;
    if (id === undefined) throw new Error(`no tab shows ${url}`);
    return id;
  };
  const driver: scenario.RealWebDriver<Page> = {
    ...scenario.pageActions(() => ext.browser.newPage(), pages),
    stateText: (page) => page.$eval('#state', (e) => e.textContent ?? '').catch(() => null),
    setSettings: (settings) => ext.setSettings(settings),
    sessionState: async () =>
      stateFromItems(await helper.evaluate(() => (globalThis as any).browser.storage.session.get(null)))
        .state,
    history: async () =>
      ((await helper.evaluate(() => (globalThis as any).browser.storage.local.get('history'))).history ??
        []) as Incident[],
    badgeText: async (url) =>
      helper.evaluate(
        (tabId) => (globalThis as any).browser.action.getBadgeText({ tabId }) as Promise<string>,
        await tabIdOf(url),
      ),
    popup: async (url) => {
      const popup = await ext.openPage(`src/popup/index.html?tab=${await tabIdOf(url)}`);
      pages.push(popup);
      return {
        verdict: () => popup.$eval('.verdict', (e) => e.textContent ?? '').catch(() => ''),
        fixes: () => popup.$$eval('ol.fixes > li', (items) => items.map((e) => e.textContent ?? '')),
      };
    },
  };

  beforeAll(async () => {
    ext = await launchFirefox();
    helper = await ext.openPage('src/options/index.html');
  });
  beforeEach(async () => {
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    for (const s of scenario.realWebSites.splice(0)) await s.close();
  });

  scenario.realWebTests(driver);
});
