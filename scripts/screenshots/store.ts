/**
 * Store screenshots, 1280x800 PNG, from real runs: the popup over a failing page, the guided fixes,
 * the options page and the history. The popup cannot be shot inside the real toolbar headless, so its
 * own screenshot is laid over the failing page's, below a drawn toolbar showing the tab's real badge.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_DIST } from '../dist-dir.ts';
import type { ShotContext, ShotSet } from '../screenshots.ts';
import { seedSampleData } from './options.ts';

const WIDTH = 1280;
const HEIGHT = 800;
const TOOLBAR_HEIGHT = 84;
// Chrome's tallest toolbar popup.
const POPUP_MAX_HEIGHT = 600;
// A made-up shop that Chromium resolves to the local server (chromiumArgs), so no 127.0.0.1 in sight.
const SITE = 'shop.example.com';
const PATH = '/checkout';

// nginx's own error page, byte for byte as nginx sends it.
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

async function startNginxOutage(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' }).end(NGINX_502);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** What the toolbar shows for the tab: its title, and the extension's real icon and badge. */
interface Toolbar {
  title: string;
  address: string;
  badge: string;
  badgeColor: string;
}

async function toolbarFor(ctx: ShotContext, tabId: number, page: Page): Promise<Toolbar> {
  const { text, color } = await ctx.ext.worker.evaluate(async (id) => {
    const [c0, c1, c2] = await chrome.action.getBadgeBackgroundColor({ tabId: id });
    return { text: await chrome.action.getBadgeText({ tabId: id }), color: `rgb(${c0}, ${c1}, ${c2})` };
  }, tabId);
  return { title: await page.title(), address: `${SITE}${PATH}`, badge: text, badgeColor: color };
}

const ICON = dataUrl(readFileSync(join(CHROME_DIST, 'icons/icon-retrying-32.png')));
const ARROW = (d: string) =>
  `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><path d="${d}" fill="none" stroke="#5f6368" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** A browser window in the light theme: tab strip, toolbar, the page, and the popup hanging below the icon. */
function windowHtml(bar: Toolbar, pagePng: Buffer, popupPng: Buffer, popupHeight: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px system-ui, "Noto Sans", "Noto Sans CJK JP", sans-serif; }
  #stage { position: relative; width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; background: #fff; }
  .tabs { height: 38px; background: #dfe3e8; padding: 6px 8px 0; display: flex; }
  .tab { width: 240px; height: 32px; background: #fff; border-radius: 8px 8px 0 0; display: flex;
    align-items: center; gap: 8px; padding: 0 12px; color: #202124; }
  .tab .favicon { width: 16px; height: 16px; border-radius: 50%; background: #c5cad1; flex: none; }
  .toolbar { height: ${TOOLBAR_HEIGHT - 38}px; display: flex; align-items: center; gap: 10px; padding: 0 10px;
    border-bottom: 1px solid #dadce0; }
  .omnibox { flex: 1; height: 34px; border-radius: 17px; background: #f1f3f4; display: flex; align-items: center;
    padding: 0 16px; color: #202124; font-size: 14px; }
  .omnibox .scheme { color: #5f6368; margin-right: 6px; }
  .action { position: relative; width: 32px; height: 32px; border-radius: 50%; background: #e8eaed;
    display: grid; place-items: center; margin-right: 6px; }
  .action img { width: 20px; height: 20px; }
  .badge { position: absolute; right: -6px; bottom: -3px; min-width: 18px; height: 15px; padding: 0 3px;
    border-radius: 3px; color: #fff; font-size: 10.5px; line-height: 15px; text-align: center; }
  .page { display: block; width: ${WIDTH}px; height: ${HEIGHT - TOOLBAR_HEIGHT}px; }
  .popup { position: absolute; top: ${TOOLBAR_HEIGHT - 4}px; right: 12px; width: 360px; height: ${popupHeight}px;
    border-radius: 8px; overflow: hidden; background: #fff;
    box-shadow: 0 2px 6px rgba(60, 64, 67, 0.3), 0 12px 36px rgba(60, 64, 67, 0.35); }
  .popup img { display: block; }
  </style></head><body><div id="stage">
  <div class="tabs"><div class="tab"><span class="favicon"></span>${escapeHtml(bar.title)}</div></div>
  <div class="toolbar">
    ${ARROW('M12.5 4.5 7 10l5.5 5.5')}${ARROW('M7.5 4.5 13 10l-5.5 5.5')}${ARROW('M15.5 10a5.5 5.5 0 1 1-1.6-3.9M15.5 3.5v3.2h-3.2')}
    <div class="omnibox"><span class="scheme">ⓘ</span>${escapeHtml(bar.address)}</div>
    <div class="action"><img src="${ICON}" alt=""><span class="badge" style="background:${bar.badgeColor}">${escapeHtml(bar.badge)}</span></div>
  </div>
  <img class="page" src="${dataUrl(pagePng)}" alt="">
  <div class="popup"><img src="${dataUrl(popupPng)}" alt=""></div>
  </div></body></html>`;
}

/** A page's own 1280x800 view, as the store shows it. */
function fullBleedHtml(png: Buffer): string {
  return `<!doctype html><html><body style="margin:0"><div id="stage" style="width:${WIDTH}px;height:${HEIGHT}px">
  <img src="${dataUrl(png)}" alt="" style="display:block"></div></body></html>`;
}

/** The popup as Chrome would size it: 360 px wide, as tall as its content up to 600 px. */
async function popupPng(popup: Page): Promise<{ png: Buffer; height: number }> {
  // The page itself is at least as tall as the viewport; the content ends where #app does.
  const content = await popup.evaluate(() =>
    Math.ceil(document.getElementById('app')!.getBoundingClientRect().bottom),
  );
  const height = Math.min(content, POPUP_MAX_HEIGHT);
  return { png: await popup.screenshot({ clip: { x: 0, y: 0, width: 360, height } }), height };
}

async function compose(ctx: ShotContext, name: string, html: string): Promise<void> {
  const stage = await ctx.ext.context.newPage();
  await stage.setViewportSize({ width: WIDTH, height: HEIGHT });
  await stage.setContent(html);
  await stage.locator('#stage').waitFor();
  await stage.evaluate(() => Promise.all([...document.images].map((img) => img.decode())));
  await ctx.shot(stage.locator('#stage'), name);
  await stage.close();
}

async function failingPageShots(ctx: ShotContext, port: number): Promise<void> {
  const { ext } = ctx;
  await ext.setSettings({ maxDelaySeconds: 30, maxAttempts: 20 });
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: WIDTH, height: HEIGHT - TOOLBAR_HEIGHT });
  const url = `http://${SITE}:${port}${PATH}`;
  await page.goto(url);
  const tabId = await ext.worker.evaluate(
    (u) => chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === u)?.id ?? -1),
    url,
  );
  if (tabId < 0) throw new Error(`no tab shows ${url}`);
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: POPUP_MAX_HEIGHT });
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tab=${tabId}`);
  // A few checks have run (after about 1, 2.6 and 5.2 s) and the next one is counted down.
  await popup.locator('.countdown').waitFor();
  await popup.waitForTimeout(6000);
  await popup.locator('.countdown').waitFor();
  const pagePng = await page.screenshot();
  const bar = await toolbarFor(ctx, tabId, page);

  const retrying = await popupPng(popup);
  await compose(ctx, 'popup', windowHtml(bar, pagePng, retrying.png, retrying.height));

  // The checklist open, scrolled as the visitor would, with the QR code for another device showing.
  await popup.locator('.fixes-section > summary').click();
  await popup.locator('[data-fix="other-device"] .fix-button').click();
  await popup.locator('[data-fix="other-device"] svg').waitFor();
  await popup
    .locator('.fixes-section')
    .evaluate((e) => window.scrollTo(0, window.scrollY + e.getBoundingClientRect().top - 12));
  // No hover highlight on whatever row now sits under the pointer.
  await popup.mouse.move(0, 0);
  const fixes = {
    png: await popup.screenshot({ clip: { x: 0, y: 0, width: 360, height: POPUP_MAX_HEIGHT } }),
    height: POPUP_MAX_HEIGHT,
  };
  await compose(ctx, 'fixes', windowHtml(bar, pagePng, fixes.png, fixes.height));
  await popup.close();
  await page.close();
}

async function optionsShots(ctx: ShotContext): Promise<void> {
  const page = await ctx.ext.openPage('src/options/index.html');
  await seedSampleData(page);
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await page.reload();
  await page.locator('#history table').waitFor();
  await compose(ctx, 'options', fullBleedHtml(await page.screenshot()));
  // scroll-margin-top keeps the section below the sticky header.
  await page.locator('#history').evaluate((e) => e.scrollIntoView());
  await compose(ctx, 'history', fullBleedHtml(await page.screenshot()));
  await page.close();
}

export const shots: ShotSet = {
  // Store listings show one theme; the light one reads best at thumbnail size.
  schemes: ['light'],
  chromiumArgs: [`--host-resolver-rules=MAP ${SITE} 127.0.0.1`],
  async run(ctx) {
    const outage = await startNginxOutage();
    try {
      await failingPageShots(ctx, outage.port);
    } finally {
      await outage.close();
    }
    await optionsShots(ctx);
  },
};
