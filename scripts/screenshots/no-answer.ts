/**
 * Sites that do not answer, one popup per kind, in English, Japanese and Arabic: a closed port
 * (refused), a load that timed out, a name that stopped resolving after the tab showed the site, the
 * browser offline, and a name never reached before (a typo until the visitor asks to keep checking).
 */
import type { Page } from 'playwright-core';
import { sessionState } from '../../tests/e2e/support/chromium.ts';
import { chromiumOffline } from '../../tests/e2e/support/offline.ts';
import { openPopupFor } from '../../tests/e2e/support/popup-page.ts';
import { type SilentServer, startSilentServer } from '../../tests/e2e/support/silent-server.ts';
import { waitFor } from '../../tests/e2e/support/wait.ts';
import type { ShotContext, ShotSet } from '../screenshots.ts';

let named: SilentServer;

async function shotPopup(ctx: ShotContext, url: string, ready: string, name: string): Promise<void> {
  await waitFor(
    `${name} incident`,
    async () => Object.values((await sessionState(ctx.ext.worker)).tabs).find((t) => t.url === url),
    (t) => t !== undefined && (t.failure !== undefined || t.reason === 'unknown-name'),
  );
  const { popup } = await openPopupFor(ctx.ext, url);
  await popup.locator(ready).first().waitFor();
  await ctx.shot(popup, name);
  await popup.close();
}

export const shots: ShotSet = {
  variants: ['en-US', 'ja', 'ar'].map((locale) => ({ locale, scheme: 'light' as const })),
  async prepare() {
    named = await startSilentServer('answer');
    return {
      chromiumArgs: [
        '--host-resolver-rules=MAP www.shop.example 127.0.0.1, MAP img.shop.example ~NOTFOUND, MAP www.shpo.example ~NOTFOUND',
      ],
      done: () => named.close(),
    };
  },
  async run(ctx) {
    const { ext } = ctx;
    // Long enough between checks for the countdown to be read.
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
    const site = await startSilentServer('refuse');
    const pages: Page[] = [];
    const open = async (url: string) => {
      const page = await ext.context.newPage();
      pages.push(page);
      // A load that gets no answer rejects `goto`; the error page is what the visitor sees.
      await page.goto(url).catch(() => {});
      return page;
    };
    try {
      const refused = site.url('/article');
      await open(refused);
      await shotPopup(ctx, refused, '.summary[data-failure="refused"]', 'refused');

      // Chromium waits on a silent server for minutes; the page's own load is failed as timed out.
      const slow = await ext.context.newPage();
      pages.push(slow);
      await slow.route('**/*', (route) => route.abort('timedout'));
      const timedOut = site.url('/slow');
      await slow.goto(timedOut).catch(() => {});
      await shotPopup(ctx, timedOut, '.summary[data-failure="timeout"]', 'timeout');

      // A link of the shop's own page to another of its names, which no longer resolves.
      const shown = await open(named.url('/', 'www.shop.example'));
      const gone = named.url('/gallery', 'img.shop.example');
      await shown.evaluate((u) => {
        location.href = u;
      }, gone);
      await shown.waitForURL(gone).catch(() => {});
      await shotPopup(ctx, gone, '.summary[data-failure="dns"]', 'dns');

      // A name typed for the first time: a typo until the visitor asks.
      const typo = 'http://www.shpo.example/';
      await open(typo);
      await shotPopup(ctx, typo, '.retry button', 'unknown-name');

      const offlineWorker = await chromiumOffline(ctx.ext);
      await offlineWorker.set(true);
      try {
        const offline = site.url('/news');
        await open(offline);
        await shotPopup(ctx, offline, '.summary[data-failure="offline"]', 'offline');
      } finally {
        await offlineWorker.end();
      }
    } finally {
      for (const p of pages) await p.close().catch(() => {});
      await site.close();
    }
  },
};
