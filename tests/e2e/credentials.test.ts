/**
 * A page whose address carries a user name and password (`http://user:pass@host/`): `fetch` refuses
 * such URLs, so the checks go without them (a 401 means the site answers) and the tab recovers; the
 * password is in nothing the extension stores or exports.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { BROWSER_OWN_PATHS, isCheck } from './support/test-server';
import { waitFor } from './support/wait';

const USER = 'visitor';
const PASSWORD = 'pa55-w0rd-never-stored';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

interface Logged {
  path: string;
  authorization?: string;
  /** Sent by the extension as a check (a fetch), not a page load. */
  check: boolean;
}

/** Answers 502 while failing; then asks for the password (401) and shows the page to whoever gives it. */
async function startAuthServer() {
  let failing = true;
  const log: Logged[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // The browser's own favicon fetch is no check of the extension's: never logged.
    if (BROWSER_OWN_PATHS.has(path)) return void res.writeHead(404).end();
    log.push({
      path,
      authorization: req.headers.authorization,
      check: isCheck({ path, headers: req.headers }),
    });
    const page = (title: string) =>
      `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1 id="state">${title}</h1></body></html>`;
    if (failing) return void res.writeHead(502, { 'content-type': 'text/html' }).end(page('error 502'));
    if (req.headers.authorization !== BASIC) {
      return void res
        .writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="members"' })
        .end(page('who are you'));
    }
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(page(`ok ${path}`));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    log,
    recover: () => {
      failing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.runIf(hasChromium)('an address with a user name and password', () => {
  let ext: ChromiumExtension;
  let site: Awaited<ReturnType<typeof startAuthServer>>;

  beforeAll(async () => {
    ext = await launchChromium();
    await ext.setSettings({ maxDelaySeconds: 2 });
    site = await startAuthServer();
  });
  afterAll(async () => {
    await site?.close();
    await ext?.close();
  });

  it('recovers, and the password is nowhere in storage or in the exported history', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(`http://${USER}:${PASSWORD}@127.0.0.1:${site.port}/account?view=full`);
    await waitFor(
      'a check',
      () => site.log.filter((r) => r.check).length,
      (n) => n >= 1,
    );
    site.recover();
    await waitFor(
      'the page back',
      () => tab.locator('#state').textContent(),
      (t) => t === 'ok /account',
      30_000,
    );
    // Checks went without the password, and were answered 401: the site answers.
    const checks = site.log.filter((r) => r.check);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    for (const check of checks) expect(check.authorization).toBeUndefined();

    const stored = () =>
      ext.worker.evaluate(async () =>
        JSON.stringify(
          await Promise.all([
            chrome.storage.local.get(null),
            chrome.storage.sync.get(null),
            chrome.storage.session.get(null),
          ]),
        ),
      );
    const all = await waitFor('the incident in the history', stored, (s) => s.includes('/account?view=full'));
    expect(all).toContain(`http://127.0.0.1:${site.port}/account?view=full`);
    expect(all).not.toContain(PASSWORD);

    const options = await ext.openPage('src/options/index.html');
    await options.locator('#history tbody tr').first().waitFor();
    for (const button of ['#export-json', '#export-csv']) {
      const [file] = await Promise.all([options.waitForEvent('download'), options.click(button)]);
      const text = readFileSync((await file.path())!, 'utf8');
      expect(text).toContain('/account?view=full');
      expect(text).not.toContain(PASSWORD);
    }
    expect(await options.content()).not.toContain(PASSWORD);
  });
});
