/**
 * Every language: the popup retrying and with its fixes open at the toolbar popup's width, and the
 * options page with a history, in light (Arabic in dark too); and the popup as Firefox for Android
 * shows it, a 360 × 740 touch screen, in English, Japanese and Arabic.
 */
import type { Page } from 'playwright-core';
import { openPopupFor } from '../../tests/e2e/support/popup-page.ts';
import { startTestServer } from '../../tests/e2e/support/test-server.ts';
import type { ShotContext, ShotSet } from '../screenshots.ts';
import { seedSampleData } from './options.ts';

const LANGUAGES = ['en-US', 'ja', 'zh-CN', 'zh-TW', 'ko', 'es', 'pt-BR', 'fr', 'de', 'ru', 'ar'];
const PHONE_LANGUAGES = ['en-US', 'ja', 'ar'];

async function openFixes(popup: Page): Promise<void> {
  if ((await popup.locator('.fixes-section').getAttribute('open')) === null)
    await popup.locator('.fixes-section > summary').click();
  await popup.locator('[data-fix="dns"] .fix-button').click();
  await popup.locator('[data-fix="dns"] .dns').waitFor();
}

async function popupShots(ctx: ShotContext, url: string, phone: boolean): Promise<void> {
  const { popup } = await openPopupFor(ctx.ext, url);
  const prefix = phone ? 'phone' : 'popup';
  if (phone) {
    await popup.setViewportSize({ width: 360, height: 740 });
    await ctx.ext.touchScreen(popup);
  }
  await popup.locator('.countdown').waitFor();
  // On the phone each shot is the screen as it is, 360 × 740 (the fixes scrolled to the DNS steps);
  // at the toolbar's width the whole popup.
  await ctx.shot(popup, `${prefix}-retrying`, { fullPage: !phone });
  await openFixes(popup);
  await ctx.shot(popup, `${prefix}-fixes`, { fullPage: !phone });
  await popup.close();
}

export const shots: ShotSet = {
  variants: [
    ...LANGUAGES.map((locale) => ({ locale, scheme: 'light' as const })),
    { locale: 'ar', scheme: 'dark' },
  ],
  async run(ctx) {
    const { ext, shot, locale, scheme } = ctx;
    // Retrying behind Cloudflare, with a countdown long enough to read.
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
    const server = await startTestServer({
      status: 502,
      headers: { server: 'cloudflare', 'cf-ray': '8f2a3b4c5d6e7f80-NRT', 'retry-after': '40' },
    });
    try {
      const page = await ext.context.newPage();
      await page.goto(server.url('/article'));
      await popupShots(ctx, page.url(), false);
      if (scheme === 'light' && PHONE_LANGUAGES.includes(locale)) await popupShots(ctx, page.url(), true);

      const options = await ext.openPage('src/options/index.html');
      await seedSampleData(options);
      await options.setViewportSize({ width: 1000, height: 900 });
      await options.reload();
      await options.locator('#history table').waitFor();
      await shot(options, 'options');
      await options.close();
    } finally {
      await server.close();
    }
  },
};
