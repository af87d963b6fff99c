/**
 * A proxy on the visitor's side in real Chromium: through a Squid-like forward proxy on 127.0.0.1
 * that writes its own 502, the popup blames the visitor's network proxy; the same failing site
 * reached through a proxy that only relays, or without any proxy, is on the site's side. A proxy that
 * names no product (nginx's stock 502) is known across sites: three unrelated sites failing through
 * it alike, in Chromium and in Firefox.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { hasChromium, hasFirefox } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { type ForwardProxy, proxyArgs, startForwardProxy } from './support/forward-proxy';
import { openPopupFor } from './support/popup-page';
import { startTestServer, type TestServer } from './support/test-server';
import { waitFor } from './support/wait';

const SITE_ERROR = { status: 502, headers: { server: 'nginx/1.22.1', 'retry-after': '60' } };
// Unrelated sites (three registrable domains), reached only through the proxy: nothing resolves them.
const UNRELATED = ['http://www.site-a.test/', 'http://site-b.test/news', 'http://shop.site-c.test/cart'];
const NETWORK_REASON = 'In the last few minutes the very same error also came from ';

describe.runIf(hasChromium)("a proxy on the visitor's network, in Chromium", () => {
  let proxy: ForwardProxy;
  let site: TestServer;
  let ext: ChromiumExtension;
  const pages: Page[] = [];

  const popupOver = async (browser: ChromiumExtension, path: string) => {
    const page = await browser.context.newPage();
    pages.push(page);
    await page.goto(site.url(path));
    const { popup } = await openPopupFor(browser, page.url());
    pages.push(popup);
    return popup;
  };
  const verdict = (popup: Page) => popup.locator('.verdict h2').textContent();
  const hops = (popup: Page) =>
    popup
      .locator('.hop')
      .evaluateAll((els) =>
        els.map(
          (el) =>
            `${el.getAttribute('data-kind')}:${el.querySelector('.hop-label')?.textContent}=${el.className.replace('hop hop-', '')}`,
        ),
      );

  beforeAll(async () => {
    proxy = await startForwardProxy('broken');
    site = await startTestServer(SITE_ERROR);
    ext = await launchChromium({ args: proxyArgs(proxy) });
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
    await proxy?.close();
  });

  it("blames the visitor's proxy when it wrote the 502 itself, and reads its page through the check", async () => {
    proxy.setMode('broken');
    const before = site.requests.length;
    const popup = await popupOver(ext, '/through-proxy');
    await expect(verdict(popup)).resolves.toBe("Likely your network's proxy");
    await expect(popup.locator('.verdict p').textContent()).resolves.toContain(
      'came from Squid, a proxy on your own network',
    );
    expect(await hops(popup)).toEqual([
      'browser:Your browser=ok',
      'proxy:Squid=failing',
      "site:Site's server=unknown",
    ]);
    await expect(popup.locator('.hop[data-kind="proxy"] .hop-caption').textContent()).resolves.toBe(
      'your network',
    );
    // Retrying goes on; the fixes are open and lead with another network, the settings, who to ask.
    await expect(popup.locator('.retry [role="status"]').textContent()).resolves.toContain(
      'Retrying by itself',
    );
    const fixes = await popup
      .locator('.fixes-section .fix')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-fix')));
    expect(fixes.slice(0, 3)).toEqual(['other-network', 'proxy-settings', 'ask-network-admin']);
    expect(await popup.locator('.fixes-section').getAttribute('open')).not.toBeNull();

    // The extension's own check goes through the proxy too; its body's footer is Squid's signature.
    await popup.getByRole('button', { name: 'Retry now' }).click();
    await waitFor(
      'a check through the proxy',
      () => proxy.requests.filter((u) => u.endsWith('/through-proxy')).length,
      (n) => n >= 2,
    );
    await popup.locator('.operator-section > summary').click();
    await waitFor(
      "the check's body among the evidence",
      () =>
        popup
          .locator('.operator .clues')
          .textContent()
          .catch(() => ''),
      (text) =>
        Boolean(
          text?.includes('Squid — body: “Generated') && text.includes('x-squid-error: ERR_READ_ERROR 0'),
        ),
    );
    // Nothing reached the site: everything went through the proxy (loopback is proxied as told).
    expect(site.requests.length).toBe(before);
    expect(await axeViolations(popup)).toEqual([]);
  });

  it("stays on the site's side when the proxy only relays the site's own 502", async () => {
    proxy.setMode('relay');
    const popup = await popupOver(ext, '/relayed');
    await expect(verdict(popup)).resolves.toBe("The problem is on the site's side");
    expect(await hops(popup)).toEqual([
      'browser:Your browser=ok',
      'proxy:Squid=ok',
      'edge:Proxy=ok',
      "site:Site's server=failing",
    ]);
    expect(site.count('/relayed')).toBeGreaterThan(0);
  });

  it("blames the visitor's network when three unrelated sites fail alike through a proxy that names no product", async () => {
    proxy.setMode('generic');
    const tabs: Page[] = [];
    for (const url of UNRELATED) {
      const page = await ext.context.newPage();
      pages.push(page);
      tabs.push(page);
      await page.goto(url);
      if (tabs.length === 2) {
        // Two sites alike are not enough: one shared host can fail for both.
        const { popup } = await openPopupFor(ext, url);
        pages.push(popup);
        await expect(verdict(popup)).resolves.toBe("The problem is on the site's side");
      }
    }
    const { popup } = await openPopupFor(ext, tabs[2]!.url());
    pages.push(popup);
    await waitFor(
      'the verdict across sites',
      () => verdict(popup),
      (v) => v === "Likely your network's proxy",
    );
    await expect(popup.locator('.verdict p').textContent()).resolves.toContain(
      `${NETWORK_REASON}www.site-a.test and 1 other site`,
    );
    expect(await hops(popup)).toEqual([
      'browser:Your browser=ok',
      'proxy:nginx=failing',
      "site:Site's server=unknown",
    ]);
    const fixes = await popup
      .locator('.fixes-section .fix')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-fix')));
    expect(fixes.slice(0, 3)).toEqual(['other-network', 'proxy-settings', 'ask-network-admin']);
    // The extension asked only the failing pages themselves (its checks), through the proxy.
    const asked = proxy.requests.filter((u) => /\.test\//.test(u) && !u.endsWith('/favicon.ico'));
    expect(new Set(asked)).toEqual(new Set(UNRELATED));
    expect(await axeViolations(popup)).toEqual([]);
  });

  it("says the site's side for the same failing site reached without the proxy", async () => {
    const direct = await launchChromium();
    try {
      await direct.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
      // Only the site's own requests count: the proxied browser's updater may call the proxy meanwhile.
      const toSite = () => proxy.requests.filter((u) => u.startsWith(site.origin)).length;
      const before = toSite();
      const popup = await popupOver(direct, '/direct');
      await expect(verdict(popup)).resolves.toBe("The problem is on the site's side");
      expect(await hops(popup)).toEqual([
        'browser:Your browser=ok',
        'edge:Proxy=ok',
        "site:Site's server=failing",
      ]);
      await expect(popup.locator('.hop[data-kind="site"] .hop-caption').textContent()).resolves.toBe('nginx');
      expect(toSite()).toBe(before);
      expect(site.count('/direct')).toBeGreaterThan(0);
    } finally {
      for (const p of pages.splice(0)) await p.close().catch(() => {});
      await direct.close();
    }
  });
});

describe.runIf(hasFirefox)("a proxy on the visitor's network that names no product, in Firefox", () => {
  let proxy: ForwardProxy;
  let ext: FirefoxExtension;

  beforeAll(async () => {
    proxy = await startForwardProxy('generic');
    const port = Number(new URL(proxy.address).port);
    ext = await launchFirefox({
      prefs: {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': port,
        'network.proxy.no_proxies_on': '',
      },
    });
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  });
  afterAll(async () => {
    await ext?.close();
    await proxy?.close();
  });

  it("blames the visitor's network when three unrelated sites fail alike", async () => {
    for (const url of UNRELATED) await (await ext.browser.newPage()).goto(url);
    const helper = await ext.openPage('src/options/index.html');
    const tabId = await waitFor(
      'the third tab in the state',
      () =>
        helper.evaluate(
          (url) =>
            (globalThis as any).browser.tabs
              .query({})
              .then((all: { id: number; url: string }[]) => all.find((t) => t.url === url)?.id ?? -1),
          UNRELATED[2]!,
        ),
      (id) => id >= 0,
    );
    const popup = await ext.openPage(`src/popup/index.html?tab=${tabId}`);
    await popup.setViewport({ width: 360, height: 640 });
    const text = (selector: string) => popup.$eval(selector, (e) => e.textContent ?? '').catch(() => '');
    await waitFor(
      'the verdict across sites',
      () => text('.verdict h2'),
      (v) => v === "Likely your network's proxy",
    );
    expect(await text('.verdict p')).toContain(`${NETWORK_REASON}www.site-a.test and 1 other site`);
    const hopLabels = await popup.$$eval('.hop .hop-label', (els) => els.map((e) => e.textContent));
    expect(hopLabels).toEqual(['Your browser', 'nginx', "Site's server"]);
    const asked = proxy.requests.filter((u) => /\.test\//.test(u) && !u.endsWith('/favicon.ico'));
    expect(new Set(asked)).toEqual(new Set(UNRELATED));
    // The checks went through the proxy too, to the http:// pages themselves (not upgraded to https).
    await waitFor(
      'a check of each site',
      () => proxy.requests.filter((u) => UNRELATED.includes(u)).length,
      (n) => n >= 6,
    );
  });
});
