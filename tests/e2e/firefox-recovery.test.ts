/** The same product in Firefox ESR: the event page recovers tabs, never resends a POST, honours Retry-After. */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { hasFirefox } from './support/browsers-required';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
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
      if (serverMoves)
        server.fail({ status: 502, headers: { date: new Date(Date.now() + HOUR).toUTCString() } });
      const step = await stepBackgroundClock(HOUR);
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
