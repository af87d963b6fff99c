/**
 * What the provider says: unrelated sites failing through Cloudflare, and the popup's line with what
 * Cloudflare's own status page reports and since when, in English and Arabic. The status page is
 * served from the test copies (tests/unit/fixtures/statuspage/), its incident begun 25 minutes ago;
 * made-up site names resolve to 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { axeViolations } from '../../tests/e2e/support/axe.ts';
import { openPopupFor } from '../../tests/e2e/support/popup-page.ts';
import { startTestServer } from '../../tests/e2e/support/test-server.ts';
import type { ShotSet } from '../screenshots.ts';

const CLOUDFLARE = { server: 'cloudflare', 'cf-ray': '5edaeb36ff6c293a-IAD', 'retry-after': '60' };
const copy = (name: string) => readFileSync(`tests/unit/fixtures/statuspage/${name}.json`, 'utf8');

export const shots: ShotSet = {
  chromiumArgs: ['--host-resolver-rules=MAP *.example 127.0.0.1'],
  variants: [
    { locale: 'en-US', scheme: 'light' },
    { locale: 'ar', scheme: 'light' },
    { locale: 'ar', scheme: 'dark' },
  ],
  async run({ ext, shot }) {
    const began = new Date(Date.now() - 25 * 60_000).toISOString();
    const incidents = copy('incidents-unresolved').replaceAll(
      '"2026-12-07T13:05:00.000Z"',
      JSON.stringify(began),
    );
    await ext.context.route('https://www.cloudflarestatus.com/api/v2/**', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: route.request().url().endsWith('/status.json') ? copy('status-major') : incidents,
      }),
    );
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
    const cdn = await startTestServer({ status: 502, headers: CLOUDFLARE });
    try {
      const port = new URL(cdn.origin).port;
      for (const url of [`http://news.example:${port}/today`, `http://www.recipes.example:${port}/soup`]) {
        await (await ext.context.newPage()).goto(url);
      }
      const shop = await ext.context.newPage();
      await shop.goto(`http://shop.example:${port}/cart`);
      const { popup } = await openPopupFor(ext, shop.url());
      await popup.locator('.provider-status').waitFor();
      const violations = await axeViolations(popup);
      if (violations.length) throw new Error(`axe: ${violations.join('; ')}`);
      await shot(popup, 'provider-status');
    } finally {
      await cdn.close();
    }
  },
};
