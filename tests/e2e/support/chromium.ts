/** Real Chromium with dist/chrome loaded, driven by playwright-core. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { findChromium, INSTALL_HINT } from '../../../scripts/browser-path.ts';
import { CHROME_DIST } from '../../../scripts/dist-dir.ts';
import type { RecoveryState } from '../../../src/core/recovery-state.ts';
import { stateFromItems } from '../../../src/core/state-items.ts';

export interface ChromiumExtension {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Opens an extension page (`src/popup/index.html?tab=…`) in a normal tab. */
  openPage(path: string): Promise<Page>;
  /** Writes settings into storage.sync, as the options page would. */
  setSettings(settings: Record<string, unknown>): Promise<void>;
  /**
   * Makes a page a touch screen, so `(pointer: coarse)` matches as on a phone. Playwright's `hasTouch`
   * leaves it false on chrome-extension:// pages (Chromium 156; it matches on web pages); this CDP call
   * works for as long as its session stays attached (detaching undoes it), so the session lives with the page.
   */
  touchScreen(page: Page): Promise<void>;
  /** Stops the service worker like Chrome does when idle, and waits until it is gone. */
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const path = findChromium();
  if (!path) throw new Error(`No Chromium found for the end-to-end tests. ${INSTALL_HINT}`);
  return path;
}

export async function launchChromium(
  options: {
    dir?: string;
    headless?: boolean;
    locale?: string;
    colorScheme?: 'light' | 'dark';
    /** More Chromium switches, e.g. `--host-resolver-rules` for made-up site names. */
    args?: string[];
    /** The browser-wide settings (`Local State`) the profile starts with, e.g. secure DNS. */
    localState?: Record<string, unknown>;
  } = {},
): Promise<ChromiumExtension> {
  const dir = resolve(options.dir ?? CHROME_DIST);
  const temp = mkdtempSync(join(tmpdir(), 'gr-chromium-'));
  const locale = options.locale ?? 'en-US';
  if (options.localState) {
    mkdirSync(join(temp, 'profile'));
    writeFileSync(join(temp, 'profile', 'Local State'), JSON.stringify(options.localState));
  }
  const context = await chromium.launchPersistentContext(join(temp, 'profile'), {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    locale,
    colorScheme: options.colorScheme ?? 'light',
    env: { ...process.env, HOME: temp, TMPDIR: temp, LANGUAGE: locale.replace('-', '_') },
    args: [
      ...CHROME_ARGS,
      `--lang=${locale}`,
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...(options.args ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // Listeners are registered only once the worker's script ran; navigating earlier loses events.
  await worker.evaluate(() => 1);
  const extensionId = new URL(worker.url()).host;

  const workerTargetIds = async () => {
    const session = await context.browser()!.newBrowserCDPSession();
    const { targetInfos } = (await session.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    await session.detach();
    return targetInfos.filter(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
  };

  return {
    context,
    worker,
    extensionId,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async setSettings(settings) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/src/options/index.html`);
      await page.evaluate((s) => chrome.storage.sync.set({ settings: s }), settings);
      await page.close();
    },
    async touchScreen(page) {
      const session = await context.newCDPSession(page);
      await session.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    },
    async killWorker() {
      const session = await context.browser()!.newBrowserCDPSession();
      for (const target of await workerTargetIds()) {
        await session.send('Target.closeTarget', { targetId: target.targetId });
      }
      await session.detach();
      for (let i = 0; i < 50 && (await workerTargetIds()).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if ((await workerTargetIds()).length > 0) throw new Error('service worker did not stop');
    },
    async close() {
      await context.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** The recovery state the extension has stored, as a restarted worker would read it. */
export async function sessionState(worker: Worker): Promise<RecoveryState> {
  return stateFromItems(await worker.evaluate(() => chrome.storage.session.get(null))).state;
}
