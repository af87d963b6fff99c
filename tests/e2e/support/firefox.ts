/** Real Firefox with dist/firefox installed, driven by puppeteer-core over WebDriver BiDi. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findFirefox, INSTALL_HINT } from '../../../scripts/browser-path.ts';
import { FIREFOX_DIST } from '../../../scripts/dist-dir.ts';
import { GECKO_ID } from '../../../scripts/firefox-manifest.ts';
import { sleep } from './wait';

// A fixed internal UUID so tests know the moz-extension:// address of the extension's pages.
const EXTENSION_UUID = '6f1e2b1c-7c1a-4c55-9a57-3c2f0d0e5b11';

export interface FirefoxExtension {
  browser: Browser;
  base: string;
  openPage(path: string): Promise<Page>;
  setSettings(settings: Record<string, unknown>): Promise<void>;
  /** Installs the extension into the running browser (only with `installLater`). */
  install(): Promise<void>;
  close(): Promise<void>;
}

export function firefoxPath(): string {
  const path = findFirefox();
  if (!path) throw new Error(`No Firefox found for the end-to-end tests. ${INSTALL_HINT}`);
  return path;
}

export async function launchFirefox(
  options: {
    dir?: string;
    locale?: string;
    prefs?: Record<string, unknown>;
    /** Files the profile starts with, by name, e.g. `cert_override.txt`. */
    profileFiles?: Record<string, string>;
    /** Start without the extension; `install()` adds it later, as a visitor does from the store. */
    installLater?: boolean;
  } = {},
): Promise<FirefoxExtension> {
  const temp = mkdtempSync(join(tmpdir(), 'gr-firefox-'));
  if (options.profileFiles) {
    mkdirSync(join(temp, 'profile'));
    for (const [name, text] of Object.entries(options.profileFiles))
      writeFileSync(join(temp, 'profile', name), text);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Firefox 153+ lets WebDriver open moz-extension:// pages only with system access allowed.
    args: ['--remote-allow-system-access'],
    userDataDir: join(temp, 'profile'),
    env: { ...process.env, HOME: temp, TMPDIR: temp },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'intl.locale.requested': options.locale ?? 'en-US',
      'network.proxy.allow_hijacking_localhost': false,
      'browser.shell.checkDefaultBrowser': false,
      ...options.prefs,
    },
  });
  const install = () => browser.installExtension(resolve(options.dir ?? FIREFOX_DIST)).then(() => {});
  if (!options.installLater) await install();
  const base = `moz-extension://${EXTENSION_UUID}/`;
  const ext: FirefoxExtension = {
    browser,
    base,
    install,
    async openPage(path) {
      const page = await browser.newPage();
      // Firefox never reports the load of a moz-extension:// page over BiDi, so goto would time
      // out although the page is there: start it, then wait for the page itself.
      page.goto(base + path, { timeout: 10_000 }).catch(() => {});
      // Evaluating while the document is being swapped can fail in the protocol: poll, bounded.
      const url = base + path;
      const end = Date.now() + 15_000;
      while (Date.now() < end) {
        const ready = await page
          .evaluate((u) => location.href === u && document.readyState === 'complete', url)
          .catch(() => false);
        if (ready) return page;
        await sleep(100);
      }
      throw new Error(`Firefox did not open ${url}`);
    },
    async setSettings(settings) {
      const page = await ext.openPage('src/options/index.html');
      await page.evaluate((s) => (globalThis as any).browser.storage.sync.set({ settings: s }), settings);
      await page.close();
    },
    async close() {
      await browser.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
  return ext;
}
