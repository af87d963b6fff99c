/** The same product in Firefox ESR: the event page recovers tabs, never resends a POST, honours Retry-After. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, RecoveryState } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { lateReloadKeepsTheWait } from './support/late-reload';
import { retryAfterDate, startTestServer, type TestServer } from './support/test-server';
import { sleep, waitFor } from './support/wait';

async function waitForText(page: Page, expected: string, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (text) => document.querySelector('#state')?.textContent === text,
    { timeout: timeoutMs },
    expected,
  );
}

describe.runIf(hasFirefox)('recovery engine in Firefox', () => {
  let ext: FirefoxExtension;
  let server: TestServer;
  const pages: Page[] = [];

  const open = async (path: string) => {
    const page = await ext.browser.newPage();
    pages.push(page);
    await page.goto(server.url(path));
    return page;
  };

  // Read through an extension page: the stored state and history.
  const stored = async <T>(read: () => Promise<T>): Promise<T> => {
    const page = await ext.openPage('src/options/index.html');
    try {
      return await page.evaluate(read);
    } finally {
      await page.close();
    }
  };
  const sessionState = async (): Promise<RecoveryState> =>
    stateFromItems(
      await stored(
        () => (globalThis as any).browser.storage.session.get(null) as Promise<Record<string, unknown>>,
      ),
    ).state;
  const historyOf = () =>
    stored(() =>
      (globalThis as any).browser.storage.local
        .get('history')
        .then((h: { history?: Incident[] }) => h.history ?? []),
    ) as Promise<Incident[]>;
  const tabWith = (state: RecoveryState, url: string) => Object.values(state.tabs).find((t) => t.url === url);

  beforeAll(async () => {
    ext = await launchFirefox();
  });
  beforeEach(async () => {
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    await server?.close();
  });

  it('brings a 502 page back by itself once the site answers', async () => {
    server = await startTestServer({ status: 502 });
    const page = await open('/article');
    await waitForText(page, 'error 502');
    await sleep(2500);
    expect(server.count('/article')).toBeGreaterThan(1);
    server.recover();
    await waitForText(page, 'ok /article');
  });

  it('never re-sends a POST that ended in a gateway error', async () => {
    server = await startTestServer();
    server.route('/submit', 502);
    const page = await open('/form');
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    await waitForText(page, 'error 502');
    await sleep(4000);
    expect(server.requests.filter((r) => r.path === '/submit')).toHaveLength(1);
  });

  it('a page the site answers with another error is not "back": retrying stops and says what the site answers', async () => {
    server = await startTestServer({ status: 502 });
    // webRequest's times are on the extension's clock (what tells a load older than our reload from its answer).
    const probe = await ext.openPage('src/options/index.html');
    await probe.evaluate((url) => {
      const api = (globalThis as any).browser.webRequest;
      const seen = (d: { timeStamp: number; url: string }) => {
        if (d.url !== url) return;
        api.onBeforeRequest.removeListener(seen);
        (globalThis as any).clocks = [d.timeStamp, Date.now()];
      };
      // Firefox's match patterns take no port.
      api.onBeforeRequest.addListener(seen, { urls: ['http://127.0.0.1/*'] });
    }, server.url('/answers'));
    const page = await open('/answers');
    const [timeStamp, extensionNow] = await waitFor(
      'the request seen',
      () => probe.evaluate(() => (globalThis as any).clocks ?? []),
      (clocks) => clocks.length === 2,
      3000,
    );
    await probe.close();
    expect(Math.abs(timeStamp - extensionNow)).toBeLessThan(1000);
    await waitForText(page, 'error 502');
    await waitFor(
      'a check',
      () => server.count('/answers'),
      (n) => n >= 2,
    );
    server.fail({ status: 429 });
    await waitForText(page, 'error 429');
    const state = await waitFor(
      'answered-other',
      sessionState,
      (st) => tabWith(st, server.url('/answers'))?.phase === 'answered-other',
    );
    expect(tabWith(state, server.url('/answers'))).toMatchObject({ code: 502, answeredWith: 429 });
    const history = await historyOf();
    expect(history).toContainEqual(expect.objectContaining({ outcome: 'answered-other', answeredWith: 429 }));
    expect(history.some((i) => i.url === server.url('/answers') && i.outcome === 'recovered')).toBe(false);
    const sent = server.count('/answers');
    await sleep(2500);
    expect(server.count('/answers')).toBe(sent);
  });

  it("a tab busy with its own stale load when the site answers: that load is not the reload's answer", async () => {
    // Page loads that reach the backend before it is back hang 3 s, then fail; later ones load at once.
    let backAt = Number.POSITIVE_INFINITY;
    const firstAt = Date.now();
    const stale = createServer((req, res) => {
      const started = Date.now();
      const answer = (status: number) =>
        res.writeHead(status, { 'content-type': 'text/html' }).end(`<h1 id="state">${status}</h1>`);
      if (req.url === '/favicon.ico') answer(404);
      else if (started >= backAt) answer(200);
      else if (req.headers['sec-fetch-dest'] !== 'document' || started - firstAt < 500) answer(502);
      else setTimeout(() => answer(502), 3000);
    });
    await new Promise<void>((resolve) => stale.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stale.address() as AddressInfo).port}/stale`;
    try {
      const page = await ext.browser.newPage();
      pages.push(page);
      await page.goto(url);
      // The page reloads itself; its load hangs while the site comes back and our check is answered.
      await page.evaluate(() => setTimeout(() => location.reload(), 50));
      await sleep(300);
      backAt = Date.now();
      await waitForText(page, '200', 15_000);
      // The stale 502 never counted as the tab failing where the check got through.
      expect((await sessionState()).origins[new URL(url).origin]?.checkBy).toBe('fetch');
    } finally {
      stale.closeAllConnections();
      await new Promise((resolve) => stale.close(resolve));
    }
  });

  it('"not retried: turned off" ends when retrying is turned back on: the tab is brought back', async () => {
    server = await startTestServer({ status: 502 });
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20, enabled: false });
    const page = await open('/off');
    await waitFor(
      'not retried',
      sessionState,
      (st) => tabWith(st, server.url('/off'))?.reason === 'disabled',
    );
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20, enabled: true });
    await waitFor(
      'retrying again',
      sessionState,
      (st) => tabWith(st, server.url('/off'))?.phase === 'waiting',
    );
    server.recover();
    await waitForText(page, 'ok /off');
    const entries = await waitFor(
      'both entries',
      async () => (await historyOf()).filter((i) => i.url === server.url('/off')),
      (list) => list.length >= 2,
    );
    // The "not retried" entry and the new incident, each with its own id.
    expect(entries.map((i) => i.outcome).sort()).toEqual(['not-retried', 'recovered']);
    expect(new Set(entries.map((i) => i.id)).size).toBe(2);
  });

  it("a visitor's reload late in an outage is a look: the next check keeps the schedule's wait, not the cap", async () => {
    await ext.setSettings({ maxDelaySeconds: 60, maxAttempts: 20 });
    server = await startTestServer({ status: 502 });
    await lateReloadKeepsTheWait(server, await open('/late'));
  });

  it('honours Retry-After', async () => {
    server = await startTestServer({ status: 503, headers: { 'retry-after': '4' } });
    const loadedAt = Date.now();
    const page = await open('/busy');
    await sleep(3000);
    expect(server.count('/busy', loadedAt)).toBe(1);
    server.recover();
    await waitForText(page, 'ok /busy', 10_000);
  });

  it("reads a Retry-After date against the server's own Date, not this machine's clock", async () => {
    server = await startTestServer(retryAfterDate(5 * 60_000, 3));
    const loadedAt = Date.now();
    const page = await open('/later');
    server.recover();
    await waitForText(page, 'ok /later', 15_000);
    expect(server.checks(loadedAt)[0]!.at - loadedAt).toBeGreaterThanOrEqual(2_900);
  });
});

describe.runIf(hasFirefox)('Firefox: an event page suspended mid-wait', () => {
  let ext: FirefoxExtension;
  let server: TestServer;

  beforeAll(async () => {
    // Firefox suspends an idle event page after 30 s; one second makes it happen between checks.
    ext = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': 1000 } });
    await ext.setSettings({ maxDelaySeconds: 4, maxAttempts: 20 });
  });
  afterAll(async () => {
    await server?.close();
    await ext?.close();
  });

  it('coordinates ten tabs on one origin and recovers them all, though the event page sleeps between checks', async () => {
    server = await startTestServer({ status: 502 });
    const startedAt = Date.now();
    const pages = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const page = await ext.browser.newPage();
        await page.goto(server.url(`/p${i}`));
        return page;
      }),
    );
    await sleep(6000);
    // The extension's checks are fetches, not documents. One site's schedule (about 1 s, 1.5 s,
    // 2.25 s, then the cap) serves all ten tabs, within 8 requests a minute; a woken event page may
    // run a little late on a busy machine. Without the alarm it would be 1 at most.
    const sent = server.checks(startedAt).length;
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(sent).toBeLessThanOrEqual(8);
    server.recover();
    for (const [i, page] of pages.entries()) await waitForText(page, `ok /p${i}`, 15_000);
  });
});

/**
 * The event page's wall clock an hour ahead of `performance.now()`. The page must not be suspended
 * meanwhile (a new one would start with the real clock, an hour "back"), so it idles for an hour here.
 */
describe.runIf(hasFirefox)('Firefox: a step of the wall clock', () => {
  const HOUR = 3_600_000;
  let ext: FirefoxExtension;
  let server: TestServer;
  const pages: Page[] = [];
  const open = async (path: string) => {
    const page = await ext.browser.newPage();
    pages.push(page);
    await page.goto(server.url(path));
    return page;
  };

  beforeAll(async () => {
    ext = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': HOUR } });
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20 });
  });
  afterAll(() => ext?.close());
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
    await server?.close();
  });

  /**
   * The event page's wall clock an hour ahead of `performance.now()`, as on Linux after an hour's
   * sleep or after the clock is set forward (Firefox ESR 153 cannot be suspended here, so the event
   * page's `Date.now` is moved; its monotonic clock and timers run on). The site's `Date` tells.
   */
  async function inExtension<T>(run: (ms: number) => Promise<T>, ms = 0): Promise<T> {
    const page = await ext.openPage('src/options/index.html');
    try {
      return await page.evaluate(run, ms);
    } finally {
      await page.close();
    }
  }
  /**
   * Moves the event page's clock from an extension page kept open until `restore`: Firefox cuts a
   * function off once the page that made it is gone ("dead object"), and the event page would throw.
   */
  async function stepBackgroundClock(by: number): Promise<{ restore(): Promise<void> }> {
    const page = await ext.openPage('src/options/index.html');
    const set = (ms: number) =>
      page.evaluate(async (offset) => {
        const bg = (await (globalThis as any).browser.runtime.getBackgroundPage()) as any;
        bg.realNow ??= bg.Date.now;
        const real = bg.realNow;
        bg.Date.now = offset === 0 ? real : () => real() + offset;
      }, ms);
    await set(by);
    return {
      restore: async () => {
        await set(0);
        await page.close();
      },
    };
  }
  const stored = () =>
    inExtension(async () => {
      const b = (globalThis as any).browser;
      return { session: await b.storage.session.get(null), local: await b.storage.local.get('history') };
    });

  for (const [kind, serverMoves] of [
    ["a sleep: the site's clock moved too, so it is elapsed time", true],
    ["the clock set forward while awake: the site's did not, so stored times move", false],
  ] as const) {
    it(`an hour's step of the wall clock, ${kind}`, async () => {
      server = await startTestServer({ status: 502 });
      const path = serverMoves ? '/nap' : '/set-forward';
      const page = await open(path);
      const since = Date.now();
      const startedAt = async () =>
        Object.values(stateFromItems((await stored()).session).state.tabs).find(
          (t) => t.url === server.url(path),
        )?.startedAt;
      await waitFor(
        'a check with a Date',
        () => server.checks(since).length,
        (n) => n >= 1,
      );
      const before = (await startedAt())!;
      // Nothing is answered while both clocks move, as in a real sleep: an answer between the two
      // steps showed one clock moved without the other (a busy machine's run did that).
      const asleep = server.hold();
      await sleep(300);
      if (serverMoves)
        server.fail({ status: 502, headers: { date: new Date(Date.now() + HOUR).toUTCString() } });
      const step = await stepBackgroundClock(HOUR).finally(() => asleep.release());
      try {
        const stepAt = Date.now();
        await waitFor(
          'a check after the step',
          () => server.checks(stepAt).length,
          (n) => n >= 2,
        );
        const moved = (await startedAt())! - before;
        expect(Math.abs(moved - (serverMoves ? 0 : HOUR))).toBeLessThan(1_000);
        server.recover();
        await waitForText(page, `ok ${path}`, 15_000);
        const incident = await waitFor(
          'the incident in the history',
          async () =>
            ((await stored()).local.history as Incident[] | undefined)?.find(
              (i) => i.url === server.url(path),
            ),
          (i) => i !== undefined,
        );
        const lasted = incident!.endedAt - incident!.startedAt;
        if (serverMoves) expect(lasted).toBeGreaterThan(HOUR);
        else expect(lasted).toBeLessThan(60_000);
      } finally {
        await step.restore();
      }
    });
  }
});
