/** The recovery engine in real Chromium against real HTTP servers on 127.0.0.1. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, RecoveryState } from '../../src/core/recovery-state';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium, sessionState as readSessionState } from './support/chromium';
import { lateReloadKeepsTheWait } from './support/late-reload';
import { openPopupFor } from './support/popup-page';
import { retryAfterDate, startTestServer, type TestServer } from './support/test-server';
import { sleep, waitFor } from './support/wait';

const stateText = (page: Page) =>
  page
    .locator('#state')
    .textContent({ timeout: 2000 })
    .catch(() => null);

/** No tab waits; a site's count may stay for its cool-down, but nothing of a page's address does. */
function expectNothingWaits(state: RecoveryState) {
  expect(state.tabs).toEqual({});
  for (const o of Object.values(state.origins)) {
    expect(o.forgetAt).not.toBeNull();
    expect(o.probeUrl).toBe(o.origin);
  }
}

describe.runIf(hasChromium)('recovery engine in Chromium', () => {
  let ext: ChromiumExtension;
  let server: TestServer;
  const pages: Page[] = [];

  const open = async (path = '/') => {
    const page = await ext.context.newPage();
    pages.push(page);
    await page.goto(server.url(path));
    return page;
  };
  const sessionState = () => readSessionState(ext.worker);

  const checks = (path: string, since = 0) =>
    server.requests.filter((r) => r.path === path && r.at >= since).length;
  const tabIdOf = (url: string) =>
    ext.worker.evaluate((u) => chrome.tabs.query({ url: u }).then((tabs) => tabs[0]?.id ?? -1), url);
  const historyOf = () =>
    ext.worker.evaluate(() =>
      chrome.storage.local.get('history').then((h) => (h.history ?? []) as Incident[]),
    );
  const badgeOf = (tabId: number) =>
    ext.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

  beforeAll(async () => {
    ext = await launchChromium();
  });
  beforeEach(async () => {
    // Fast schedule for tests: the cap is a setting; the first check comes after about a second as shipped.
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
    expect(await stateText(page)).toBe('error 502');
    await sleep(2500);
    const checksDuringOutage = server.count('/article');
    expect(checksDuringOutage).toBeGreaterThan(1);
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /article',
    );
    await waitFor(
      'incident recorded',
      () => ext.worker.evaluate(() => chrome.storage.local.get('history')),
      (h) =>
        Array.isArray(h.history) && h.history.some((i: { outcome: string }) => i.outcome === 'recovered'),
    );
    expectNothingWaits(await sessionState());
  });

  it('checks without cookies or cache, and reloads only after a check succeeded', async () => {
    server = await startTestServer({ status: 503 });
    await open('/x');
    await waitFor(
      'a check',
      () => server.count('/x'),
      (n) => n >= 2,
    );
    const check = server.requests.filter((r) => r.path === '/x')[1]!;
    expect(check.method).toBe('GET');
    expect(check.headers.cookie).toBeUndefined();
    expect(check.headers['cache-control'] ?? check.headers.pragma).toMatch(/no-cache/);
  });

  it('never re-sends a POST that ended in a gateway error', async () => {
    server = await startTestServer();
    server.route('/submit', 502);
    const page = await open('/form');
    await Promise.all([page.waitForLoadState('load'), page.click('#submit')]);
    expect(await stateText(page)).toBe('error 502');
    await sleep(4000);
    expect(server.requests.filter((r) => r.path === '/submit')).toHaveLength(1);
    const state = await sessionState();
    const tab = Object.values(state.tabs)[0];
    expect(tab).toMatchObject({ phase: 'not-retried', reason: 'post' });
  });

  it("leaves 404, 500 and 200 pages and a CDN's 503 bot check alone", async () => {
    server = await startTestServer();
    server.route('/missing', 404);
    server.route('/broken', 500);
    server.route('/just-a-moment', 503, { server: 'cloudflare', 'cf-mitigated': 'challenge' });
    await open('/missing');
    await open('/broken');
    await open('/fine');
    await open('/just-a-moment');
    await sleep(3000);
    expect(server.count('/missing')).toBe(1);
    expect(server.count('/broken')).toBe(1);
    expect(server.count('/fine')).toBe(1);
    expect(server.count('/just-a-moment')).toBe(1);
    expect(Object.keys((await sessionState()).tabs)).toHaveLength(0);
  });

  it('honours Retry-After: no check before the time the server asked for', async () => {
    server = await startTestServer({ status: 503, headers: { 'retry-after': '4' } });
    const loadedAt = Date.now();
    const page = await open('/busy');
    await sleep(3000);
    expect(checks('/busy', loadedAt)).toBe(1);
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /busy',
      10_000,
    );
  });

  it("reads a Retry-After date against the server's own Date, not this machine's clock", async () => {
    // The server's clock is five minutes ahead: its "in 3 s" would be 5 min 3 s on this machine's.
    server = await startTestServer(retryAfterDate(5 * 60_000, 3));
    const loadedAt = Date.now();
    const page = await open('/later');
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /later',
      15_000,
    );
    expect(server.checks(loadedAt)[0]!.at - loadedAt).toBeGreaterThanOrEqual(2_900);
  });

  it('coordinates ten failing tabs of one site: about one tab of checks, all ten reloaded', async () => {
    server = await startTestServer({ status: 502 });
    const startedAt = Date.now();
    const tabs = await Promise.all(Array.from({ length: 10 }, (_, i) => open(`/p${i}`)));
    await sleep(3000);
    // The extension's checks are fetches (not documents); one site's schedule serves all ten tabs:
    // about 1 s, then 1.5 s, then the 2 s cap of these tests.
    const checksSent = server.checks(startedAt).length;
    const seconds = (Date.now() - startedAt) / 1000;
    expect(checksSent).toBeGreaterThanOrEqual(1);
    expect(checksSent).toBeLessThanOrEqual(Math.min(8, Math.ceil(seconds / 1.5) + 1));
    server.recover();
    for (const [i, page] of tabs.entries()) {
      await waitFor(
        `tab ${i} recovered`,
        () => stateText(page),
        (t) => t === `ok /p${i}`,
        i === 0 ? 30_000 : 10_000,
      );
    }
  });

  it('stops everything when the tab navigates elsewhere or is closed', async () => {
    server = await startTestServer({ status: 502 });
    const other = await startTestServer();
    try {
      const moving = await open('/moving');
      const closing = await open('/closing');
      await waitFor(
        'first checks',
        () => checks('/moving') + checks('/closing'),
        (n) => n >= 4,
      );
      await moving.goto(other.url('/elsewhere'));
      await closing.close();
      const after = Date.now();
      await sleep(4000);
      expect(checks('/moving', after)).toBe(0);
      expect(checks('/closing', after)).toBe(0);
      expectNothingWaits(await sessionState());
      expect(await ext.worker.evaluate(() => chrome.alarms.getAll())).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('gives up after the last attempt, says so on the badge, and sends nothing more', async () => {
    await ext.setSettings({ maxDelaySeconds: 1, maxAttempts: 3 });
    server = await startTestServer({ status: 504 });
    await open('/down');
    const tabId = await tabIdOf(server.url('/down'));
    await waitFor(
      'retrying badge',
      () => badgeOf(tabId),
      (text) => text.startsWith('↻'),
      5000,
    );
    await waitFor('gave up', sessionState, (s) => s.tabs[tabId]?.phase === 'gave-up', 15_000);
    expect(await badgeOf(tabId)).toBe('✕');
    const after = Date.now();
    await sleep(3000);
    expect(checks('/down', after)).toBe(0);
    expect(checks('/down')).toBe(1 + 3);
    // The site's schedule is gone; the popup still tells how many checks were made.
    const { popup } = await openPopupFor(ext, server.url('/down'));
    pages.push(popup);
    expect(await popup.locator('.retry .progress').textContent()).toBe('Checks: 3 of 3');
  });

  it('recovers after the service worker was stopped mid-wait, without a duplicate check', async () => {
    await ext.setSettings({ maxDelaySeconds: 3, maxAttempts: 20 });
    server = await startTestServer({ status: 502 });
    const page = await open('/survivor');
    await waitFor(
      'first check',
      () => checks('/survivor'),
      (n) => n >= 2,
    );
    await ext.killWorker();
    const killedAt = Date.now();
    server.recover();
    // Only the alarm can wake the stopped worker: the page coming back proves the state survived.
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /survivor',
      20_000,
    );
    // One check that succeeds, then one reload of the page.
    expect(checks('/survivor', killedAt)).toBeLessThanOrEqual(3);
  });

  it("a visitor's reload late in an outage is a look: the next check keeps the schedule's wait, not the cap", async () => {
    await ext.setSettings({ maxDelaySeconds: 60, maxAttempts: 20 });
    server = await startTestServer({ status: 502 });
    await lateReloadKeepsTheWait(server, await open('/late'));
  });

  it('checks a failing tab at once when the visitor switches to it', async () => {
    await ext.setSettings({ maxDelaySeconds: 60, maxAttempts: 20 });
    server = await startTestServer({ status: 502 });
    const failing = await open('/behind');
    const front = await open('/other-tab');
    await front.bringToFront();
    // After the 4th check the next waits 6.5 s ± 20 %: switching 3.5 s after it falls in that gap.
    await waitFor(
      'four checks',
      () => checks('/behind'),
      (n) => n >= 5,
      20_000,
    );
    const lastCheckAt = server.requests.filter((r) => r.path === '/behind').at(-1)!.at;
    await sleep(lastCheckAt + 3500 - Date.now());
    const switchedAt = Date.now();
    await failing.bringToFront();
    await waitFor(
      'a check right after switching',
      () => checks('/behind', switchedAt),
      (n) => n >= 1,
      1000,
    );
  });

  it('sends no check while the browser is offline, and resumes when it is back', async () => {
    server = await startTestServer({ status: 502 });
    const page = await open('/offline');
    await waitFor(
      'first check',
      () => checks('/offline'),
      (n) => n >= 2,
    );
    // Network emulation on the worker's own target is what flips its navigator.onLine.
    const cdp = await ext.context.browser()!.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(ext.extensionId))!;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    });
    let id = 0;
    const setOffline = (offline: boolean) =>
      cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({
          id: ++id,
          method: 'Network.emulateNetworkConditions',
          params: { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
        }),
      });
    await setOffline(true);
    await waitFor(
      'worker offline',
      () => ext.worker.evaluate(() => navigator.onLine),
      (on) => !on,
      3000,
    );
    const attemptsBefore = Object.values((await sessionState()).origins)[0]!.attempts;
    await sleep(5000);
    // No attempt is used up while offline.
    expect(Object.values((await sessionState()).origins)[0]!.attempts).toBe(attemptsBefore);
    server.recover();
    await setOffline(false);
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /offline',
      15_000,
    );
    await cdp.detach();
  });

  it('a page the site answers with another error is not "back": retrying stops and says what the site answers', async () => {
    server = await startTestServer({ status: 502 });
    // webRequest's times are on the worker's clock (what tells a load older than our reload from its answer).
    await ext.worker.evaluate((url) => {
      const seen = (d: { timeStamp: number }): undefined => {
        chrome.webRequest.onBeforeRequest.removeListener(seen);
        (globalThis as { clocks?: number[] }).clocks = [d.timeStamp, Date.now()];
      };
      chrome.webRequest.onBeforeRequest.addListener(seen, { urls: [url] });
    }, server.url('/answers'));
    const page = await open('/answers');
    const [timeStamp, workerNow] = await ext.worker.evaluate(
      () => (globalThis as { clocks?: number[] }).clocks ?? [],
    );
    expect(Math.abs(timeStamp! - workerNow!)).toBeLessThan(1000);
    const tabId = await tabIdOf(server.url('/answers'));
    await waitFor(
      'a check',
      () => server.count('/answers'),
      (n) => n >= 2,
    );
    // The gateway error is over; the application behind it now fails on its own.
    server.fail({ status: 500 });
    await waitFor(
      'another error',
      () => stateText(page),
      (t) => t === 'error 500',
    );
    const state = await waitFor(
      'answered-other',
      sessionState,
      (st) => st.tabs[tabId]?.phase === 'answered-other',
    );
    expect(state.tabs[tabId]).toMatchObject({ code: 502, answeredWith: 500 });
    const history = await historyOf();
    expect(history).toContainEqual(
      expect.objectContaining({ outcome: 'answered-other', answeredWith: 500, code: 502 }),
    );
    expect(history.some((i) => i.url === server.url('/answers') && i.outcome === 'recovered')).toBe(false);
    expect(await ext.worker.evaluate(() => chrome.notifications.getAll())).not.toHaveProperty(
      `recovered:${tabId}`,
    );
    expect(await badgeOf(tabId)).toBe('500');
    const { popup } = await openPopupFor(ext, server.url('/answers'));
    await waitFor(
      'popup',
      () => popup.locator('.retry [role="status"]').textContent(),
      (t) => !!t?.includes('500'),
    );
    expect(await popup.locator('h1').textContent()).toContain('500');
    await popup.close();
    // Nothing more is sent.
    const sent = server.count('/answers');
    await sleep(2500);
    expect(server.count('/answers')).toBe(sent);
  });

  it("a tab busy with its own stale load when the site answers: that load is not the reload's answer", async () => {
    // Page loads that reach the backend before it is back hang 3 s, then fail; later ones load at once.
    let backAt = Number.POSITIVE_INFINITY;
    const stale = createServer((req, res) => {
      const started = Date.now();
      const answer = (status: number) =>
        res.writeHead(status, { 'content-type': 'text/html' }).end(`<h1 id="state">${status}</h1>`);
      if (req.url === '/favicon.ico') answer(404);
      else if (started >= backAt) answer(200);
      else if (req.headers['sec-fetch-dest'] !== 'document' || started - firstAt < 500) answer(502);
      else setTimeout(() => answer(502), 3000);
    });
    const firstAt = Date.now();
    await new Promise<void>((resolve) => stale.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stale.address() as AddressInfo).port}/stale`;
    try {
      const page = await ext.context.newPage();
      pages.push(page);
      await page.goto(url);
      const tabId = await tabIdOf(url);
      // The page reloads itself; its load hangs while the site comes back and our check is answered.
      await page.evaluate(() => setTimeout(() => location.reload(), 50));
      await sleep(300);
      backAt = Date.now();
      await waitFor(
        'page recovered',
        () => stateText(page),
        (t) => t === '200',
        15_000,
      );
      const state = await sessionState();
      // The stale 502 never counted as the tab failing where the check got through.
      expect(state.origins[new URL(url).origin]?.checkBy).toBe('fetch');
      expect(state.tabs[tabId]).toBeUndefined();
    } finally {
      stale.closeAllConnections();
      await new Promise((resolve) => stale.close(resolve));
    }
  });

  it('"not retried: turned off" ends when retrying is turned back on: the tab is brought back', async () => {
    server = await startTestServer({ status: 502 });
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20, enabled: false });
    const page = await open('/off');
    const tabId = await tabIdOf(server.url('/off'));
    await waitFor(
      'not retried',
      sessionState,
      (st) => st.tabs[tabId]?.phase === 'not-retried' && st.tabs[tabId]?.reason === 'disabled',
    );
    await ext.setSettings({ maxDelaySeconds: 2, maxAttempts: 20, enabled: true });
    await waitFor('retrying again', sessionState, (st) => st.tabs[tabId]?.phase === 'waiting');
    server.recover();
    await waitFor(
      'page recovered',
      () => stateText(page),
      (t) => t === 'ok /off',
    );
    const entries = await waitFor(
      'both entries',
      async () => (await historyOf()).filter((i) => i.url === server.url('/off')),
      (list) => list.length >= 2,
    );
    // The "not retried" entry and the new incident, each with its own id.
    expect(entries.map((i) => i.outcome).sort()).toEqual(['not-retried', 'recovered']);
    expect(new Set(entries.map((i) => i.id)).size).toBe(2);
  });

  it('tells the visitor when a tab in the background recovers (not the one in front), and clears its badge', async () => {
    server = await startTestServer({ status: 502 });
    await open('/in-background');
    const front = await open('/in-front');
    await front.bringToFront();
    const backId = await tabIdOf(server.url('/in-background'));
    const frontId = await tabIdOf(server.url('/in-front'));
    await waitFor(
      'retrying badge',
      () => badgeOf(backId),
      (text) => text.startsWith('↻'),
      5000,
    );
    server.recover();
    const notifications = () => ext.worker.evaluate(() => chrome.notifications.getAll());
    await waitFor('notification', notifications, (all) => `recovered:${backId}` in all, 10_000);
    await waitFor(
      'front tab recovered',
      () => stateText(front),
      (t) => t === 'ok /in-front',
    );
    expect(await notifications()).not.toHaveProperty(`recovered:${frontId}`);
    expect(await badgeOf(backId)).toBe('');
  });

  /**
   * The worker's wall clock moves an hour ahead of `performance.now()`, as on Linux after an hour's
   * sleep or after the clock is set forward (Chromium 156 cannot be suspended here, so the worker's
   * `Date.now` is moved; its monotonic clock and timers run on). The site's `Date` tells the two apart.
   */
  const HOUR = 3_600_000;
  const stepWorkerClock = (by: number) =>
    ext.worker.evaluate((ms) => {
      const own = globalThis as { realNow?: () => number };
      own.realNow ??= Date.now;
      const real = own.realNow;
      Date.now = ms === 0 ? real : () => real() + ms;
    }, by);
  const lastIncident = async (url: string) =>
    waitFor(
      'the incident in the history',
      async () =>
        (
          (await ext.worker.evaluate(() => chrome.storage.local.get('history'))).history as
            | Incident[]
            | undefined
        )?.find((i) => i.url === url),
      (i) => i !== undefined,
    );

  for (const [kind, serverMoves] of [
    ["a sleep: the site's clock moved too, so it is elapsed time", true],
    ["the clock set forward while awake: the site's did not, so stored times move", false],
  ] as const) {
    it(`an hour's step of the wall clock, ${kind}`, async () => {
      server = await startTestServer({ status: 502 });
      const path = serverMoves ? '/nap' : '/set-forward';
      const page = await open(path);
      const since = Date.now();
      await waitFor(
        'a check with a Date',
        () => server.checks(since).length,
        (n) => n >= 1,
      );
      const before = Object.values((await sessionState()).tabs).find((t) => t.url === server.url(path))!;
      try {
        // Nothing is answered while both clocks move, as in a real sleep: an answer between the two
        // steps would show one clock moved without the other (a busy machine's run did that).
        const asleep = server.hold();
        await sleep(300);
        if (serverMoves)
          server.fail({ status: 502, headers: { date: new Date(Date.now() + HOUR).toUTCString() } });
        await stepWorkerClock(HOUR);
        asleep.release();
        const stepAt = Date.now();
        await waitFor(
          'a check after the step',
          () => server.checks(stepAt).length,
          (n) => n >= 1,
        );
        const settled = await waitFor(
          'the step settled',
          sessionState,
          (s) => s.step === undefined && s.clock !== undefined && s.clock > stepAt + HOUR / 2,
        );
        const tab = Object.values(settled.tabs).find((t) => t.url === server.url(path))!;
        // Moved by the step as measured against performance.now(), within a second of the hour.
        expect(Math.abs(tab.startedAt - before.startedAt - (serverMoves ? 0 : HOUR))).toBeLessThan(1_000);
        server.recover();
        await waitFor(
          'page recovered',
          () => stateText(page),
          (t) => t === `ok ${path}`,
          15_000,
        );
        const incident = await lastIncident(server.url(path));
        const lasted = incident!.endedAt - incident!.startedAt;
        if (serverMoves) expect(lasted).toBeGreaterThan(HOUR);
        else expect(lasted).toBeLessThan(60_000);
      } finally {
        await stepWorkerClock(0);
      }
    });
  }
});
