/** The popup in its main states: healthy with history, retrying, fixes open, gave up, a failed form, operator. */
import type { Page } from 'playwright-core';
import { openPopupFor } from '../../tests/e2e/support/popup-page.ts';
import { startTestServer, type TestServer } from '../../tests/e2e/support/test-server.ts';
import type { ShotContext, ShotSet } from '../screenshots.ts';

async function failingPage(ctx: ShotContext, server: TestServer, path: string): Promise<Page> {
  const page = await ctx.ext.context.newPage();
  await page.goto(server.url(path));
  return page;
}

export const shots: ShotSet = {
  async run(ctx) {
    const { ext, shot } = ctx;
    const servers: TestServer[] = [];
    const server = async (...args: Parameters<typeof startTestServer>) => {
      const s = await startTestServer(...args);
      servers.push(s);
      return s;
    };
    try {
      // Retrying behind Cloudflare, with a countdown long enough to read.
      await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
      const cdn = await server({
        status: 502,
        headers: { server: 'cloudflare', 'cf-ray': '8f2a3b4c5d6e7f80-NRT', 'retry-after': '40' },
      });
      const cdnPage = await failingPage(ctx, cdn, '/article');
      const retrying = await openPopupFor(ext, cdnPage.url());
      await retrying.popup.locator('.countdown').waitFor();
      await shot(retrying.popup, 'retrying');

      // The checklist open, with the DNS advice expanded.
      await retrying.popup.locator('.fixes-section > summary').click();
      await retrying.popup.locator('[data-fix="dns"] .fix-button').click();
      await retrying.popup.locator('[data-fix="dns"] .dns').waitFor();
      await shot(retrying.popup, 'fixes');

      // The site comes back: the popup turns calm and lists the incident.
      cdn.recover();
      await retrying.popup.locator('.retry button.primary').click();
      await retrying.popup.locator('.history').waitFor({ timeout: 30_000 });
      // The "checking now" notice fades after a few seconds; the shot is of the calm state.
      await retrying.popup.locator('.notice:empty').waitFor({ state: 'attached', timeout: 10_000 });
      await shot(retrying.popup, 'healthy-history');

      // Gave up after the attempts ran out.
      await ext.setSettings({ maxDelaySeconds: 1, maxAttempts: 2 });
      const down = await server({ status: 503, headers: { server: 'nginx' } });
      const downPage = await failingPage(ctx, down, '/shop');
      const gaveUp = await openPopupFor(ext, downPage.url());
      await gaveUp.popup.locator('.retry[data-phase="gave-up"]').waitFor({ timeout: 30_000 });
      await shot(gaveUp.popup, 'gave-up');

      // A form whose answer was a 502: never resent by itself.
      await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
      const form = await server();
      form.route('/submit', 502, { server: 'nginx' });
      const formPage = await failingPage(ctx, form, '/checkout');
      await formPage.locator('#submit').click();
      await formPage.waitForURL(/\/submit$/);
      const post = await openPopupFor(ext, formPage.url());
      await post.popup.locator('.post-notice').waitFor();
      await shot(post.popup, 'post');

      // A site the visitor operates: the operator section opens by itself.
      await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20, operatedSites: ['127.0.0.1'] });
      const own = await server({ status: 504, headers: { server: 'nginx', 'retry-after': '120' } });
      const ownPage = await failingPage(ctx, own, '/api/orders');
      const operator = await openPopupFor(ext, ownPage.url());
      await operator.popup.locator('.operator').waitFor();
      await shot(operator.popup, 'operator');
    } finally {
      for (const s of servers) await s.close();
    }
  },
};
