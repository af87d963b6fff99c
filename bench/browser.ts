/**
 * Headless Chromium for one contender: Gateway Rescue (the build in GR_DIST), a reference extension
 * from bench/reference/, or no extension at all. Also places tabs in windows, which decides whether a
 * tab is the visible one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page, type Worker } from 'playwright-core';
import { CHROME_DIST } from '../scripts/dist-dir.ts';
import { CHROME_ARGS, chromiumPath, launchChromium } from '../tests/e2e/support/chromium.ts';
import { attachWorker, type WorkerSession } from './worker-session.ts';

export type Contender = 'ours' | 'fixed-interval' | 'uncoordinated' | 'none';

export const CONTENDERS: readonly Contender[] = ['ours', 'fixed-interval', 'uncoordinated', 'none'];

export const CONTENDER_NAMES: Record<Contender, string> = {
  ours: 'Gateway Rescue',
  'fixed-interval': 'Fixed 5 s reloader',
  uncoordinated: 'Uncoordinated retrier',
  none: 'No extension',
};

export interface BenchBrowser {
  context: BrowserContext;
  /** The extension's id; null without an extension. */
  extensionId: string | null;
  /** The extension's service worker, to evaluate in (Playwright) and to measure (CDP). */
  worker: Worker | null;
  workerCdp: WorkerSession | null;
  /** A new window with one tab, which is its visible tab. */
  newWindow(): Promise<Page>;
  /** A new tab in the window opened last; it becomes that window's active tab. */
  newTab(): Promise<Page>;
  /** Stops the extension's service worker as Chrome does when idle; `worker` and `workerCdp` are gone after. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

function extensionDir(contender: Contender): string | null {
  if (contender === 'ours') return CHROME_DIST;
  if (contender === 'none') return null;
  return `bench/reference/${contender}`;
}

async function launchWithoutExtension(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const temp = mkdtempSync(join(tmpdir(), 'gr-bench-'));
  const context = await chromium.launchPersistentContext(join(temp, 'profile'), {
    executablePath: chromiumPath(),
    headless: true,
    env: { ...process.env, HOME: temp, TMPDIR: temp },
    args: CHROME_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

export async function launchContender(contender: Contender): Promise<BenchBrowser> {
  const dir = extensionDir(contender);
  const extension = dir ? await launchChromium({ dir }) : null;
  const launched = extension ?? (await launchWithoutExtension());
  const { context } = launched;
  const browserSession: CDPSession = await context.browser()!.newBrowserCDPSession();
  const workerCdp = extension ? await attachWorker(browserSession, extension.extensionId) : null;

  // Target.createTarget puts a tab without `newWindow` into the window created last, so tabs are
  // created one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const createPage = (newWindow: boolean): Promise<Page> => {
    const next = queue.then(async () => {
      const [page] = await Promise.all([
        context.waitForEvent('page'),
        browserSession.send('Target.createTarget', { url: 'about:blank', newWindow }),
      ]);
      return page;
    });
    queue = next.catch(() => {});
    return next;
  };

  return {
    context,
    extensionId: extension?.extensionId ?? null,
    worker: extension?.worker ?? null,
    workerCdp,
    newWindow: () => createPage(true),
    newTab: () => createPage(false),
    stopWorker: () => (extension ? extension.killWorker() : Promise.reject(new Error('no extension'))),
    async close() {
      await workerCdp?.detach().catch(() => {});
      await browserSession.detach().catch(() => {});
      await launched.close();
    },
  };
}
