/**
 * `npm start`: the main job, live, twice. A local site answers real 502s for ten seconds, then
 * recovers; then another stops listening (connection refused) for eight seconds and listens again on
 * the same port. Real Chromium with the built extension loaded sits on each and brings the page back
 * by itself. With a display you watch the window; without one it runs headless. Either way it prints
 * the timeline and saves artifacts/demo.png: each recovered page with the extension's popup for its
 * tab beside it, the popup being what a newcomer wants to see.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/support/chromium.ts';
import { openPopupFor } from '../tests/e2e/support/popup-page.ts';
import { findChromium, INSTALL_HINT } from './browser-path.ts';

const GATEWAY_OUTAGE_MS = 10_000;
const REFUSED_OUTAGE_MS = 8_000;
/** How long a page may take to come back once its site is up, before the demo says it did not. */
const GIVE_UP_MS = 25_000;
const PAGE_VIEW = { width: 800, height: 400 };

if (!findChromium()) {
  console.error(`Gateway Rescue demo: no Chromium found.\n${INSTALL_HINT}`);
  process.exit(1);
}

const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;

const backPage = (what: string) =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo shop</title></head>' +
  '<body style="font:18px system-ui;margin:3em"><h1 id="state">The demo site is back</h1>' +
  `<p>Gateway Rescue noticed ${what}, checked the site on a growing schedule and reloaded this tab once it answered.</p></body></html>`;

/** A local site that logs every request it gets (the browser's own favicon left out). */
function demoSite(name: string, answer: (res: ServerResponse) => void) {
  let requests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    requests++;
    // A page load asks to be upgraded (Sec-Fetch-* goes to secure origins only); the extension's check is a plain fetch.
    const who = req.headers['upgrade-insecure-requests'] === '1' ? 'page load' : 'check by Gateway Rescue';
    answer(res);
    console.log(`${at()}  ${name}   ${who}: ${res.statusCode} (request ${requests})`);
  });
  let port = 0;
  // The same port every time: a server that stopped listening comes back where it was.
  const listen = () =>
    new Promise<void>((resolve) =>
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      }),
    );
  return {
    server,
    listen,
    requests: () => requests,
    port: () => port,
    /** Stops listening: a page load or check meets a closed port. */
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until the tab shows the site's own page again; the time it took after the site came back. */
async function recovery(page: Page, upAt: () => number): Promise<number | null> {
  for (;;) {
    const text = await page
      .locator('#state')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    if (text?.includes('back')) return (Date.now() - upAt()) / 1000;
    if (upAt() && Date.now() - upAt() > GIVE_UP_MS) return null;
    await page.waitForTimeout(100);
  }
}

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
console.log(
  `Gateway Rescue demo: ${headless ? 'headless (no display found)' : 'watch the browser window'}\n`,
);
// Two made-up sites on this machine, so each popup lists its own site's incidents.
const ext = await launchChromium({ headless, args: ['--host-resolver-rules=MAP *.example 127.0.0.1'] });
mkdirSync('artifacts', { recursive: true });
const shots: { caption: string; page: string; popup: string }[] = [];
const results: boolean[] = [];

/** The recovered page, and the popup for its tab beside it, saved for the composed picture. */
async function capture(page: Page, caption: string): Promise<void> {
  const n = shots.length;
  const pagePath = `artifacts/demo-page-${n}.png`;
  const popupPath = `artifacts/demo-popup-${n}.png`;
  await page.screenshot({ path: pagePath });
  const { popup } = await openPopupFor(ext, page.url());
  // The calm view lists the incident that just ended.
  await popup.locator('.history').waitFor({ timeout: 10_000 });
  // As tall as its content, as the toolbar shows it.
  await popup.setViewportSize({ width: 360, height: 100 });
  await popup.screenshot({ path: popupPath, fullPage: true });
  await popup.close();
  shots.push({ caption, page: pagePath, popup: popupPath });
}

async function outage(
  title: string,
  host: string,
  site: ReturnType<typeof demoSite>,
  comeBack: () => Promise<void>,
  outageMs: number,
): Promise<void> {
  const url = `http://${host}:${site.port()}/`;
  console.log(`\n${title}: ${url}, for ${outageMs / 1000} s\n`);
  const page = await ext.context.newPage();
  await page.setViewportSize(PAGE_VIEW);
  await page.bringToFront();
  let upAt = 0;
  setTimeout(() => {
    void comeBack().then(() => {
      upAt = Date.now();
      console.log(`${at()}  site   is back up`);
    });
  }, outageMs);
  // A refused load rejects `goto`: the browser's error page is what the visitor sees.
  await page.goto(url).catch((e: Error) => {
    console.log(`${at()}  tab    ${/net::\w+/.exec(e.message)?.[0] ?? e.message}: nothing reached the site`);
  });
  const after = await recovery(page, () => upAt);
  results.push(after !== null);
  if (after === null) {
    console.log(`${at()}  tab    did not recover within ${GIVE_UP_MS / 1000} s of the site's return`);
    return;
  }
  console.log(`${at()}  tab    recovered by itself, ${after.toFixed(1)} s after the site came back`);
  console.log(
    `${site.requests()} requests reached the site, including the page's own loads and the final reload.`,
  );
  await capture(page, `${title}: back ${after.toFixed(1)} s after the site returned`);
}

// 1. A gateway error: the site answers 502 until it recovers.
let gatewayUp = false;
const gateway = demoSite('site', (res) => {
  if (gatewayUp) {
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return void res.end(backPage('the 502'));
  }
  res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
  res.end(
    '<html><head><title>502 Bad Gateway</title></head><body><h1 id="state">502 Bad Gateway</h1></body></html>',
  );
});
await gateway.listen();
await outage(
  '502 Bad Gateway',
  'shop.example',
  gateway,
  async () => {
    gatewayUp = true;
  },
  GATEWAY_OUTAGE_MS,
);

// 2. A server that stopped listening: connection refused, then it listens again on the same port.
const refused = demoSite('site', (res) => {
  res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
  res.end(backPage('that the connection was refused'));
});
await refused.listen();
await refused.stop();
await outage('Connection refused', 'blog.example', refused, refused.listen, REFUSED_OUTAGE_MS);

// One picture: each recovered page with its popup beside it.
if (shots.length) {
  const img = (path: string) => `data:image/png;base64,${readFileSync(path).toString('base64')}`;
  const board = await ext.context.newPage();
  await board.setViewportSize({ width: PAGE_VIEW.width + 360 + 72, height: 400 });
  await board.setContent(
    '<!doctype html><html><body style="margin:0;padding:16px 24px;font:15px system-ui;background:#e8eaed">' +
      shots
        .map(
          (s) =>
            `<h2 style="font-size:17px;margin:8px 0">${s.caption}</h2>` +
            '<div style="display:flex;gap:24px;align-items:flex-start;margin-bottom:16px">' +
            `<img src="${img(s.page)}" style="box-shadow:0 1px 4px #0004">` +
            `<img src="${img(s.popup)}" style="box-shadow:0 1px 4px #0004;background:#fff"></div>`,
        )
        .join('') +
      '</body></html>',
  );
  await board.screenshot({ path: 'artifacts/demo.png', fullPage: true });
  await board.close();
  for (const s of shots) for (const path of [s.page, s.popup]) rmSync(path);
  console.log('\nPicture: artifacts/demo.png (each recovered page, with the popup for its tab beside it)');
}

if (!headless) {
  console.log('Close the browser window (or press Ctrl+C) to finish.');
  await new Promise<void>((resolve) => {
    ext.context.on('close', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}
await ext.close().catch(() => {});
for (const site of [gateway, refused]) {
  site.server.closeAllConnections();
  site.server.close();
}
process.exit(results.every(Boolean) && results.length === 2 ? 0 : 1);
