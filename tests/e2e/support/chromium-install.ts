/**
 * Chromium started without the extension, which is then installed into the running browser, as a
 * visitor does from the store: `--enable-unsafe-extension-debugging` lets DevTools'
 * `Extensions.loadUnpacked` run on a browser session (Playwright's pipe connection allows it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { CHROME_DIST } from '../../../scripts/dist-dir.ts';
import { CHROME_ARGS, chromiumPath } from './chromium';

export interface BrowserBeforeInstall {
  context: BrowserContext;
  /** Installs dist/chrome and returns its service worker once its listeners are registered. */
  install(): Promise<{ worker: Worker; extensionId: string }>;
  close(): Promise<void>;
}

export async function launchChromiumWithoutExtension(): Promise<BrowserBeforeInstall> {
  const temp = mkdtempSync(join(tmpdir(), 'gr-chromium-'));
  const context = await chromium.launchPersistentContext(join(temp, 'profile'), {
    executablePath: chromiumPath(),
    headless: true,
    env: { ...process.env, HOME: temp, TMPDIR: temp },
    // Playwright passes --disable-extensions unless told not to.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...CHROME_ARGS, '--enable-unsafe-extension-debugging'],
  });
  return {
    context,
    async install() {
      const session = await context.browser()!.newBrowserCDPSession();
      const { id } = (await session.send(
        'Extensions.loadUnpacked' as never,
        {
          path: resolve(CHROME_DIST),
        } as never,
      )) as { id: string };
      await session.detach();
      const worker =
        context.serviceWorkers().find((w) => w.url().includes(id)) ??
        (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(id) }));
      await worker.evaluate(() => 1);
      return { worker, extensionId: id };
    },
    async close() {
      await context.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
