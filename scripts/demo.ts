/**
 * `npm start`: the main job, live. A local site answers real 502s for ten seconds, then recovers;
 * real Chromium with the built extension loaded sits on it and brings the page back by itself.
 * With a display you watch the window; without one it runs headless, prints the timeline and saves
 * a screenshot under artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../tests/e2e/support/chromium.ts';
import { findChromium, INSTALL_HINT } from './browser-path.ts';

const OUTAGE_MS = 10_000;
const GIVE_UP_MS = 60_000;

if (!findChromium()) {
  console.error(`Gateway Rescue demo: no Chromium found.\n${INSTALL_HINT}`);
  process.exit(1);
}

const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
let up = false;
let upAt = 0;
let requests = 0;

const server = createServer((req, res) => {
  if (req.url === '/favicon.ico') return void res.writeHead(404).end();
  requests++;
  // A page load asks for a document; the extension's check is a plain fetch.
  const who = req.headers['sec-fetch-dest'] === 'document' ? 'page load' : 'check by Gateway Rescue';
  if (!up) {
    console.log(`${at()}  site   ${who}: 502 Bad Gateway (request ${requests})`);
    res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
    res.end(
      '<html><head><title>502 Bad Gateway</title></head><body><h1 id="state">502 Bad Gateway</h1></body></html>',
    );
    return;
  }
  console.log(`${at()}  site   ${who}: 200 OK (request ${requests})`);
  res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
  res.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo shop</title></head>' +
      '<body style="font:18px system-ui;margin:3em"><h1 id="state">The demo site is back</h1>' +
      '<p>Gateway Rescue noticed the 502, checked the site on a growing schedule and reloaded this tab once it answered.</p></body></html>',
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop`;

const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
console.log(`Gateway Rescue demo: ${headless ? 'headless (no display found)' : 'watch the browser window'}`);
console.log(`The site at ${url} fails with 502 for ${OUTAGE_MS / 1000} s, then recovers.\n`);

const ext = await launchChromium({ headless });
const page = ext.context.pages()[0] ?? (await ext.context.newPage());
setTimeout(() => {
  up = true;
  upAt = Date.now();
  console.log(`${at()}  site   is back up`);
}, OUTAGE_MS);

await page.goto(url);
console.log(`${at()}  tab    shows "${await page.locator('#state').textContent()}"`);

let recoveredAt: number | null = null;
const deadline = Date.now() + GIVE_UP_MS;
while (Date.now() < deadline) {
  const text = await page
    .locator('#state')
    .textContent({ timeout: 1000 })
    .catch(() => null);
  if (text?.includes('back')) {
    recoveredAt = Date.now();
    break;
  }
  await page.waitForTimeout(100);
}

if (recoveredAt === null) {
  console.log(`${at()}  tab    did not recover within ${GIVE_UP_MS / 1000} s`);
} else {
  // From the moment the site came back (the browser may take a while to start on a busy machine).
  const afterUp = (recoveredAt - upAt) / 1000;
  console.log(`${at()}  tab    recovered by itself, ${afterUp.toFixed(1)} s after the site came back`);
  console.log(
    `\n${requests} requests reached the site in all, including the first page load and the final reload.`,
  );
}

mkdirSync('artifacts', { recursive: true });
await page.screenshot({ path: 'artifacts/demo.png' });
console.log('Screenshot: artifacts/demo.png');

if (!headless) {
  console.log('Close the browser window (or press Ctrl+C) to finish.');
  await new Promise<void>((resolve) => {
    ext.context.on('close', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}
await ext.close().catch(() => {});
server.closeAllConnections();
server.close();
process.exit(recoveredAt === null ? 1 : 0);
