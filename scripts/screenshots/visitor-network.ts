/**
 * The visitor's own network, known across sites: three unrelated sites failing through a forward
 * proxy that answers nginx's stock 502 and names nothing of the visitor's side, in English and Arabic.
 */
import { axeViolations } from '../../tests/e2e/support/axe.ts';
import { type ForwardProxy, proxyArgs, startForwardProxy } from '../../tests/e2e/support/forward-proxy.ts';
import { openPopupFor } from '../../tests/e2e/support/popup-page.ts';
import type { ShotSet } from '../screenshots.ts';

let proxy: ForwardProxy;

export const shots: ShotSet = {
  variants: [
    { locale: 'en-US', scheme: 'light' },
    { locale: 'ar', scheme: 'light' },
  ],
  async prepare() {
    proxy = await startForwardProxy('generic');
    return { chromiumArgs: proxyArgs(proxy), done: () => proxy.close() };
  },
  async run({ ext, shot }) {
    await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
    const urls = ['http://www.news.test/today', 'http://recipes.test/soup', 'http://shop.test/cart'];
    for (const url of urls) await (await ext.context.newPage()).goto(url);
    const { popup } = await openPopupFor(ext, urls[2]!);
    await popup.locator('.verdict-proxy').waitFor();
    const violations = await axeViolations(popup);
    if (violations.length) throw new Error(`axe: ${violations.join('; ')}`);
    await shot(popup, 'visitor-network');
  },
};
