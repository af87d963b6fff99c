import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, hasFirefox } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { type FirefoxExtension, launchFirefox } from './support/firefox';

describe.runIf(hasChromium)('Chromium: the extension starts', () => {
  let ext: ChromiumExtension;
  beforeAll(async () => {
    ext = await launchChromium();
  });
  afterAll(() => ext?.close());

  it('runs the background service worker with its manifest', async () => {
    const manifest = await ext.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('Gateway Rescue');
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
  });

  it('renders the popup and the options page', async () => {
    const popup = await ext.openPage('src/popup/index.html');
    await expect(popup.locator('#app').textContent()).resolves.not.toBe('');
    const options = await ext.openPage('src/options/index.html');
    await expect(options.locator('#app').textContent()).resolves.not.toBe('');
  });
});

describe.runIf(hasFirefox)('Firefox: the extension starts', () => {
  let ext: FirefoxExtension;
  beforeAll(async () => {
    ext = await launchFirefox();
  });
  afterAll(() => ext?.close());

  it('runs the background event page and renders the popup and options page', async () => {
    const popup = await ext.openPage('src/popup/index.html');
    const name = await popup.evaluate(() => (globalThis as any).browser.runtime.getManifest().name);
    expect(name).toBe('Gateway Rescue');
    // The background answers a message only when its script runs.
    const pong = await popup.evaluate(() =>
      (globalThis as any).browser.runtime.sendMessage({ type: 'get-history' }),
    );
    expect(Array.isArray(pong)).toBe(true);
    await popup.waitForFunction(() => document.querySelector('#app')?.textContent !== '');
    const options = await ext.openPage('src/options/index.html');
    await options.waitForFunction(() => document.querySelector('#app')?.textContent !== '');
  });
});
