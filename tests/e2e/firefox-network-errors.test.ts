/**
 * Sites that do not answer at all, in Firefox ESR, which never reloads such a page by itself: Gateway
 * Rescue is what brings it back. A closed port that opens again, a server that accepts and closes, one
 * that never answers (Firefox gives up after its response timeout), an untrusted certificate, a name
 * that never resolved and one that stopped resolving after the tab showed the site, then resolved
 * again (a DNS-over-HTTPS resolver of the test's, Firefox's TRR).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SITE_WINDOW_MAX } from '../../src/core/recovery/context';
import type { Incident, RecoveryState } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { hasFirefox } from './support/browsers-required';
import { type DohServer, firefoxDoh, startDohServer } from './support/doh-server';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { type SilentServer, startSilentServer, startUntrustedTlsServer } from './support/silent-server';
import { sleep, waitFor } from './support/wait';

const stateText = (page: Page) => page.$eval('#state', (e) => e.textContent ?? '').catch(() => null);

describe.runIf(hasFirefox)('loads that get no answer, in Firefox', () => {
  let ext: FirefoxExtension;
  let helper: Page;
  let site: SilentServer;
  let named: SilentServer;
  // The resolver answers this name, or stops answering it; every other name fails.
  let doh: DohServer;
  const SHOWN = 'shown.gr-test.example';
  const pages: Page[] = [];

  const open = async (url: string) => {
    const page = await ext.browser.newPage();
    pages.push(page);
    // A load that gets no answer rejects `goto`; the error page is what the visitor sees.
    await page.goto(url, { timeout: 10_000 }).catch(() => {});
    return page;
  };
  const state = async (): Promise<RecoveryState> =>
    stateFromItems(await helper.evaluate(() => (globalThis as any).browser.storage.session.get(null))).state;
  const tabOf = async (url: string) => Object.values((await state()).tabs).find((t) => t.url === url);
  const attemptsOf = async (origin: string) => (await state()).origins[origin]?.attempts ?? 0;
  const history = async () =>
    ((await helper.evaluate(() => (globalThis as any).browser.storage.local.get('history'))).history ??
      []) as Incident[];

  beforeAll(async () => {
    named = await startSilentServer('answer');
    doh = await startDohServer([SHOWN]);
    const dns = firefoxDoh(doh);
    ext = await launchFirefox({
      ...dns,
      prefs: {
        ...dns.prefs,
        // How long Firefox waits for a server that accepted the connection: 300 s, and only with TCP
        // keepalive off; as shipped (keepalive on) it never gives up (Firefox ESR 153, see DESIGN.md).
        'network.http.response.timeout': 4,
        'network.http.tcp_keepalive.short_lived_connections': false,
        'network.http.tcp_keepalive.long_lived_connections': false,
        // Firefox stops an idle event page after 30 s; one second here, so a visitor's reload after
        // reading a page wakes a background that saw none of that page's load.
        'extensions.background.idle.timeout': 1000,
      },
    });
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
    helper = await ext.openPage('src/options/index.html');
  });
  afterAll(async () => {
    await ext?.close();
    await named?.close();
    await doh?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    await site?.close();
  });

  it('brings back a page whose server refused connections once it listens again', async () => {
    site = await startSilentServer('refuse');
    const url = site.url('/article');
    const page = await open(url);
    await waitFor(
      'incident',
      () => tabOf(url),
      (t) => t?.phase === 'waiting' && t.failure === 'refused',
    );
    await waitFor(
      'checks',
      () => attemptsOf(new URL(url).origin),
      (n) => n >= 2,
      10_000,
    );
    await site.set('answer');
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /article',
    );
    // One check saw the site back and one reload brought the page; nothing but GETs.
    expect(site.requests.length).toBeLessThanOrEqual(3);
    expect(site.requests.every((r) => r.method === 'GET')).toBe(true);
    const entry = await waitFor(
      'history entry',
      async () => (await history()).find((i) => i.url === url),
      (i) => i !== undefined,
    );
    expect(entry).toMatchObject({ outcome: 'recovered', code: 0, failure: 'refused' });
  });

  it('brings back a page whose server never answered, once Firefox gave up waiting for it', async () => {
    site = await startSilentServer('hang');
    const url = site.url('/slow');
    const page = await open(url);
    // Firefox gives up after its response timeout (4 s here) with NS_ERROR_NET_TIMEOUT.
    await waitFor(
      'incident',
      () => tabOf(url),
      (t) => t?.phase === 'waiting' && t.failure === 'timeout',
      15_000,
    );
    await site.set('answer');
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /slow',
      20_000,
    );
    expect(site.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(site.requests.filter((r) => r.fetchMode === 'navigate').length).toBeLessThanOrEqual(2);
    expect(site.requests.length).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  it('checks a server that accepts and closes within the budget, the page untouched by Firefox itself', async () => {
    site = await startSilentServer('drop');
    const url = site.url('/busy');
    const page = await open(url);
    await waitFor(
      'incident',
      () => tabOf(url),
      (t) => t?.failure === 'refused',
    );
    const start = site.requests[0]!.at;
    await sleep(start + 7000 - Date.now());
    // Firefox ESR 153 sends a GET whose connection closes without a word up to ten times in a row at
    // the network level, the page's and our check's alike: one look at the site.
    const looks = (mode: (m: string) => boolean) =>
      site.requests
        .filter((r) => mode(r.fetchMode))
        .filter((r, i, all) => i === 0 || r.at - all[i - 1]!.at > 300);
    const loads = looks((m) => m === 'navigate');
    const checks = looks((m) => m !== 'navigate');
    console.log(
      'requests since the first load (s):',
      JSON.stringify([...loads, ...checks].map((r) => [((r.at - start) / 1000).toFixed(1), r.fetchMode])),
      'requests in all:',
      site.requests.length,
    );
    // Firefox ESR 153 does not reload the error page: the first load is the only one of the page.
    expect(loads).toHaveLength(1);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(loads.length + checks.length).toBeLessThanOrEqual(SITE_WINDOW_MAX);
    await site.set('answer');
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /busy',
      20_000,
    );
    expect(site.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('never resends a form that got no answer, and Back brings the typed text back', async () => {
    site = await startSilentServer('answer');
    const page = await open(site.url('/form'));
    await page.type('#text', 'a long message');
    await site.set('drop');
    await page.click('#send').catch(() => {});
    const submit = site.url('/submit');
    const tab = await waitFor(
      'incident',
      () => tabOf(submit),
      (t) => t?.reason === 'post',
    );
    expect(tab?.failure).toBe('refused');
    const popup = await ext.openPage(`src/popup/index.html?tab=${tab!.tabId}`);
    pages.push(popup);
    const notice = await popup.waitForSelector('[data-testid="post-back"]');
    expect(await notice!.evaluate((e) => e.textContent)).toContain('unless the site forbids keeping a copy');
    await sleep(2000);
    // Sent once by the visitor (the network level's own retries of the dropped request come within 300 ms).
    const posts = site.requests.filter((r) => r.method === 'POST');
    expect(posts.every((r) => r.at - posts[0]!.at < 300)).toBe(true);
    // puppeteer's goBack waits for an event Firefox does not send for this page: go back by script.
    await page.evaluate(() => window.history.back()).catch(() => {});
    await waitFor(
      'form restored',
      () => page.$eval('#text', (e) => (e as HTMLTextAreaElement).value).catch(() => null),
      (v) => v === 'a long message',
      10_000,
    );
  });

  it('leaves a certificate error alone: no incident, no check', async () => {
    const tls = await startUntrustedTlsServer();
    try {
      const url = tls.url('/secret');
      await open(url);
      await sleep(1000);
      const connections = tls.requests.length;
      await sleep(2500);
      expect(await tabOf(url)).toBeUndefined();
      expect(tls.requests.length).toBe(connections);
    } finally {
      await tls.close();
    }
  });

  it('takes a name that never resolved for a typo until the visitor asks to keep checking', async () => {
    const url = 'http://typo.gr-other.example/';
    await open(url);
    const tab = await waitFor(
      'incident',
      () => tabOf(url),
      (t) => t?.failure === 'dns',
    );
    expect(tab).toMatchObject({ phase: 'not-retried', reason: 'unknown-name' });
    await sleep(2000);
    expect(await attemptsOf('http://typo.gr-other.example')).toBe(0);
    const popup = await ext.openPage(`src/popup/index.html?tab=${tab!.tabId}`);
    pages.push(popup);
    const keep = await popup.waitForSelector('.retry button.primary');
    expect(await keep!.evaluate((b) => b.textContent)).toBe('Keep checking');
    await keep!.click();
    await waitFor(
      'checks once asked',
      () => attemptsOf('http://typo.gr-other.example'),
      (n) => n > 0,
      10_000,
    );
  });

  it('brings back a page whose name stopped resolving after the tab showed it, once it resolves again', async () => {
    const url = named.url('/', SHOWN);
    const page = await open(url);
    expect(await stateText(page)).toBe('ok /');
    const first = named.requests.length - 1;
    // The visitor reads the page meanwhile: the event page stops.
    await sleep(2500);
    doh.resolve(SHOWN, false);
    const goneAt = Date.now();
    // The visitor presses Reload, as in the toolbar: a reload has no originUrl, the woken event page
    // saw none of the page's load, and Firefox ESR 153 may already report the error page, complete,
    // when the extension asks the tab (every run took it for a typo before the background kept the page
    // each tab last showed). Firefox may still use the expired answer while it renews it (the page
    // loads once more): the visitor reloads until Firefox shows "can't find the server".
    const gone = url;
    await waitFor(
      'the DNS error page',
      async () => {
        await sleep(1000);
        // A reload that ends on Firefox's error page rejects: that page is what the visitor sees.
        await page.reload({ timeout: 5000 }).catch(() => {});
        return page.evaluate(() => document.documentURI).catch(() => '');
      },
      (u) => u.startsWith('about:neterror?e=dnsNotFound'),
      15_000,
    );
    // Checked, not taken for a typo: the tab had shown the site.
    const incident = await waitFor(
      'incident',
      () => tabOf(gone),
      (t) => t?.failure === 'dns',
    );
    expect(incident).toMatchObject({ phase: 'waiting', failure: 'dns' });
    const origin = new URL(gone).origin;
    await waitFor(
      'two checks',
      () => attemptsOf(origin),
      (n) => n >= 2,
      15_000,
    );
    // The reloads' lookups, then the checks' on the sparser schedule a DNS failure gets.
    const lookups = doh.queries.filter((q) => q.name === SHOWN && q.type === 1 && q.at >= goneAt);
    console.log(
      'lookups of the gone name (s):',
      JSON.stringify(lookups.map((q) => ((q.at - goneAt) / 1000).toFixed(1))),
    );
    doh.resolve(SHOWN, true);
    await waitFor(
      'page back',
      () => stateText(page),
      (t) => t === 'ok /',
      20_000,
    );
    // The first load, a page loaded on the expired answer, then one check that saw the site back and one
    // reload: within a minute's budget, nothing but GETs (the favicon is not logged).
    const sent = named.requests.slice(first);
    console.log(
      'site requests from the first load (s):',
      JSON.stringify(sent.map((r) => ((r.at - sent[0]!.at) / 1000).toFixed(1))),
    );
    expect(sent.length).toBeLessThanOrEqual(SITE_WINDOW_MAX);
    expect(sent.every((r) => r.method === 'GET')).toBe(true);
    const entry = await waitFor(
      'history entry',
      async () => (await history()).find((i) => i.url === gone),
      (i) => i !== undefined,
    );
    expect(entry).toMatchObject({ outcome: 'recovered', code: 0, failure: 'dns' });
  });
});
