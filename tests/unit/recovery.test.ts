import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';

const RUN = 'run-1';
/** The first check: 1.5 s, less the jitter the tests' random source (0.5) takes off (10 %). */
const FIRST = 1350;
const T0 = 1_000_000;
const settings: Settings = { ...DEFAULT_SETTINGS, maxAttempts: 5 };
const ctx = (now: number, s: Settings = settings): m.Context => ({ now, settings: s, random: () => 0.5 });
const fail = (tabId: number, url = 'https://shop.example/cart', extra: Partial<m.LoadCompleted> = {}) => ({
  tabId,
  url,
  method: 'GET',
  statusCode: 502,
  headers: [{ name: 'server', value: 'cloudflare' }],
  visible: true,
  windowId: 1,
  ...extra,
});
const SITE = 'https://shop.example';
const ok = (tabId: number, url = 'https://shop.example/cart') => ({ ...fail(tabId, url), statusCode: 200 });
const report = (status: number | null, retryAfter?: string) => ({
  origin: SITE,
  runId: RUN,
  status,
  retryAfter,
});

function run(state: RecoveryState, ...steps: ((s: RecoveryState) => m.Result)[]) {
  const effects: m.Effect[] = [];
  for (const step of steps) {
    const r = step(state);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

describe('recovery state machine', () => {
  it('starts an incident for a GET gateway error, with the layer and a first check about 1.5 s later', () => {
    const { state, effects } = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0));
    expect(effects).toEqual([]);
    expect(state.tabs[1]).toMatchObject({
      phase: 'waiting',
      code: 502,
      layer: 'cloudflare',
      host: 'shop.example',
    });
    // Jitter only shortens a wait: 1.5 s minus up to 20 %.
    expect(state.origins['https://shop.example']?.nextCheckAt).toBe(T0 + FIRST);
  });

  it("reads the layers again from a failing check's headers and body, which a page load never shows", () => {
    const squid502 = [
      { name: 'server', value: 'squid/5.7' },
      { name: 'x-squid-error', value: 'ERR_READ_ERROR 0' },
    ];
    const { state } = run(
      EMPTY_STATE,
      (s) =>
        m.loadCompleted(
          s,
          fail(1, undefined, { headers: [{ name: 'via', value: '1.1 localhost (squid/5.7)' }] }),
          ctx(T0),
        ),
      (s) => m.startDueChecks(s, ctx(T0 + FIRST), RUN),
      (s) =>
        m.checkFinished(
          s,
          {
            origin: 'https://shop.example',
            runId: RUN,
            status: 502,
            headers: squid502.map(({ name, value }) => [name, value]),
            body: '<div id="footer">Generated Tue, 07 Jan 2025 by localhost (squid/5.7)</div>',
          },
          ctx(T0 + FIRST + 100),
        ),
    );
    expect(state.tabs[1]).toMatchObject({ layer: 'squid', chain: ['squid'] });
    expect(state.tabs[1]?.clues).toContainEqual(['squid', 'x-squid-error: ERR_READ_ERROR 0']);
    expect(state.tabs[1]?.clues?.some(([, clue]) => clue.startsWith('body: “Generated'))).toBe(true);
    // The load's own headers are kept as they were.
    expect(state.tabs[1]?.headers).toEqual([['via', '1.1 localhost (squid/5.7)']]);
  });

  it('keeps how sure the reading is, redoes it with each failing check and records it with the incident', () => {
    const checked = (s: RecoveryState, at: number, body: string) =>
      run(
        s,
        (x) => m.startDueChecks(x, ctx(at), RUN),
        (x) =>
          m.checkFinished(x, { ...report(502), headers: [['server', 'cloudflare']], body }, ctx(at + 100)),
      ).state;
    // A 502 with only `server: cloudflare`: Cloudflare is there, but it may have passed its origin's error on.
    const loaded = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    expect(loaded.tabs[1]).toMatchObject({ layer: 'cloudflare', confidence: 'probable', probable: [] });
    // Cloudflare's own page proves it; Heroku's bare "Application error" (other platforms say it too) does not.
    const proven = checked(loaded, T0 + FIRST, '<div id="cf-error-details">Bad gateway</div>');
    expect(proven.tabs[1]).toMatchObject({ layer: 'cloudflare', confidence: 'sure', probable: [] });
    const weak = checked(proven, T0 + 10_000, '<title>Application Error</title>');
    expect(weak.tabs[1]).toMatchObject({ layer: 'heroku', confidence: 'probable', probable: ['heroku'] });
    expect(m.stopTab(weak, 1, T0 + 20_000).effects).toContainEqual({
      type: 'record',
      incident: expect.objectContaining({ layer: 'heroku', confidence: 'probable' }),
    });
    const [record] = m.stopTab(proven, 1, T0 + 20_000).effects.filter((e) => e.type === 'record');
    expect(record).toMatchObject({ incident: { layer: 'cloudflare' } });
    expect(record).not.toHaveProperty('incident.confidence');
  });

  it("takes the reason phrase of the load's status line as evidence", () => {
    const { state } = m.loadCompleted(
      EMPTY_STATE,
      fail(1, undefined, {
        statusCode: 503,
        headers: [],
        statusLine: 'HTTP/1.1 503 Service Unavailable: Back-end server is at capacity',
      }),
      ctx(T0),
    );
    expect(state.tabs[1]).toMatchObject({ layer: 'aws-elb', chain: ['aws-elb'] });
  });

  it('keeps the reading when the check answers or reaches nothing', () => {
    const start = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    for (const status of [200, null]) {
      const { state } = run(
        start,
        (s) => m.startDueChecks(s, ctx(T0 + 1000), RUN),
        (s) =>
          m.checkFinished(
            s,
            {
              origin: 'https://shop.example',
              runId: RUN,
              status,
              headers: [['server', 'squid/5.7']],
              body: 'x',
            },
            ctx(T0 + 1100),
          ),
      );
      expect(state.tabs[1]).toMatchObject({ layer: 'cloudflare', chain: ['cloudflare'] });
    }
  });

  it("counts a CDN's bot check met by our check as an answer, which the tab's own reload then confirms", () => {
    const start = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const challenge = (headers: [string, string][]) =>
      run(
        start,
        (s) => m.startDueChecks(s, ctx(T0 + FIRST), RUN),
        (s) => m.checkFinished(s, { ...report(503), headers }, ctx(T0 + FIRST + 100)),
      );
    const met = challenge([['cf-mitigated', ' Challenge ']]);
    expect(met.state.tabs[1]).toMatchObject({ phase: 'reloading', reloadKind: 'confirm' });
    expect(met.effects).toContainEqual({ type: 'reload', tabId: 1, url: 'https://shop.example/cart' });
    // A 503 without the mark is the site still failing.
    const failing = challenge([['server', 'cloudflare']]);
    expect(failing.state.tabs[1]?.phase).toBe('waiting');
    expect(failing.effects.some((e) => e.type === 'reload')).toBe(false);
  });

  it('takes a failing load of another page of the site as a look: a page retrying at a new address gets no check on top', () => {
    const page = (n: number) => `https://shop.example/maintenance?retry=${n}`;
    let s = m.loadCompleted(EMPTY_STATE, fail(1, page(0)), ctx(T0)).state;
    s = m.startDueChecks(s, ctx(T0 + FIRST), RUN).state;
    s = m.checkFinished(s, report(502), ctx(T0 + FIRST + 10)).state;
    const probes: m.Effect[] = [];
    // The page sends itself to a new address every 2 s (a script adding `?retry=`), and fails each time.
    for (let n = 1; n <= 30; n++) {
      const at = T0 + n * 2000;
      s = m.navigationStarted(s, 1, page(n), at).state;
      s = m.loadCompleted(s, fail(1, page(n)), ctx(at + 50)).state;
      for (let t = at + 100; t < at + 2000; t += 250) {
        const started = m.startDueChecks(s, ctx(t), RUN);
        s = started.state;
        probes.push(...started.effects.filter((e) => e.type === 'probe'));
      }
    }
    // Only the check before the page's first retry: nothing after, for a minute.
    expect(probes).toEqual([]);
    expect(s.origins[SITE]?.attempts).toBe(1);
    // Back: the page's own retry gets through, and nothing is left waiting.
    s = m.navigationStarted(s, 1, page(31), T0 + 62_000).state;
    s = m.loadCompleted(s, ok(1, page(31)), ctx(T0 + 62_050)).state;
    expect(s.tabs[1]).toBeUndefined();
    expect(m.startDueChecks(s, ctx(T0 + 70_000), RUN).effects).toEqual([]);
  });

  it('ignores non-web pages, negative tab ids and codes not in the settings', () => {
    for (const ev of [
      fail(1, 'chrome://settings'),
      fail(1, 'file:///tmp/x.html'),
      fail(1, 'not a url'),
      fail(-1),
      fail(1, undefined, { statusCode: 500 }),
      fail(1, undefined, { statusCode: 404 }),
    ]) {
      expect(m.loadCompleted(EMPTY_STATE, ev, ctx(T0)).state).toBe(EMPTY_STATE);
    }
  });

  it("leaves a CDN's bot check alone whatever its status, and ends an incident it replaces", () => {
    const challenge = (statusCode: number) =>
      fail(1, undefined, {
        statusCode,
        headers: [
          { name: 'server', value: 'cloudflare' },
          { name: 'cf-mitigated', value: 'challenge' },
        ],
      });
    for (const code of [503, 403, 429]) {
      expect(m.loadCompleted(EMPTY_STATE, challenge(code), ctx(T0)).state).toBe(EMPTY_STATE);
    }
    const failing = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const after = m.loadCompleted(failing, challenge(503), ctx(T0 + 500)).state;
    expect(after.tabs).toEqual({});
    expect(m.nextWakeAt(after, RUN)).toBeNull();
  });

  it('never retries a POST, an excluded site, or anything when turned off, and says why', () => {
    const post = m.loadCompleted(EMPTY_STATE, fail(1, undefined, { method: 'POST' }), ctx(T0));
    expect(post.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'post' });
    expect(post.state.origins).toEqual({});
    expect(post.effects[0]).toMatchObject({
      type: 'record',
      incident: { outcome: 'not-retried', method: 'POST' },
    });
    const excluded = m.loadCompleted(
      EMPTY_STATE,
      fail(1),
      ctx(T0, { ...settings, excludedSites: ['*.example', 'shop.example'] }),
    );
    expect(excluded.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'excluded' });
    const off = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0, { ...settings, enabled: false }));
    expect(off.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'disabled' });
  });

  it('honours Retry-After for the first check', () => {
    const { state } = m.loadCompleted(
      EMPTY_STATE,
      fail(1, undefined, { statusCode: 503, headers: [{ name: 'Retry-After', value: '30' }] }),
      ctx(T0),
    );
    expect(state.origins['https://shop.example']?.nextCheckAt).toBe(T0 + 30_000);
    expect(state.tabs[1]?.retryAfterSeconds).toBe(30);
  });

  it("reads a Retry-After date of the load and of a check against the response's Date, not the local clock", () => {
    // The visitor's clock is five minutes slow: the server's "one minute from now" stays one minute.
    const server = new Date(T0 + 5 * 60_000);
    const inAMinute = new Date(server.getTime() + 60_000).toUTCString();
    const { state } = m.loadCompleted(
      EMPTY_STATE,
      fail(1, undefined, {
        statusCode: 503,
        headers: [
          { name: 'Retry-After', value: inAMinute },
          { name: 'Date', value: server.toUTCString() },
        ],
      }),
      ctx(T0),
    );
    expect(state.tabs[1]?.retryAfterSeconds).toBe(60);
    expect(state.origins[SITE]?.nextCheckAt).toBe(T0 + 60_000);
    const due = m.startDueChecks(state, ctx(T0 + 60_000), RUN);
    const answer = new Date(server.getTime() + 60_000);
    const checked = m.checkFinished(
      due.state,
      {
        ...report(503, new Date(answer.getTime() + 60_000).toUTCString()),
        date: answer.toUTCString(),
      },
      ctx(T0 + 60_000),
    );
    expect(checked.state.origins[SITE]?.notBefore).toBe(T0 + 120_000);
  });

  it('sends one check per site however many tabs fail there; one tab confirms, then the others follow', () => {
    let s = EMPTY_STATE;
    for (let id = 1; id <= 10; id++)
      s = m.loadCompleted(s, fail(id, `https://shop.example/p/${id}`, { visible: id === 4 }), ctx(T0)).state;
    expect(Object.keys(s.origins)).toHaveLength(1);
    const due = m.startDueChecks(s, ctx(T0 + FIRST), RUN);
    expect(due.effects).toEqual([{ type: 'probe', origin: SITE, url: 'https://shop.example/p/1' }]);
    // Still in flight: no second check.
    expect(m.startDueChecks(due.state, ctx(T0 + 5000), RUN).effects).toEqual([]);
    const answered = m.checkFinished(due.state, report(200), ctx(T0 + FIRST + 100));
    // The visible tab is reloaded first; its load confirms the answer.
    expect(answered.effects).toEqual([{ type: 'reload', tabId: 4, url: 'https://shop.example/p/4' }]);
    const back = m.loadCompleted(answered.state, ok(4, 'https://shop.example/p/4'), ctx(T0 + FIRST + 500));
    const reloads = back.effects.filter((e) => e.type === 'reload');
    expect(reloads.map((e) => e.tabId).sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    // They wait for the confirming tab to show its page first: it gets the machine to itself.
    expect(reloads.every((e) => e.after === 4)).toBe(true);
    expect(back.effects).toContainEqual({ type: 'notify-recovered', tabId: 4, host: 'shop.example' });
    // Two requests were spent on the site: the check and the confirming reload.
    expect(back.state.origins[SITE]?.requests).toEqual([T0 + FIRST, T0 + FIRST + 100]);
  });

  it('a failed check schedules the next with backoff, honouring Retry-After from the check', () => {
    const s = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + FIRST), RUN),
      (s) => m.checkFinished(s, report(502), ctx(T0 + FIRST)),
    ).state;
    expect(s.origins[SITE]).toMatchObject({ attempts: 1, nextCheckAt: T0 + FIRST + 2025 });
    const withHeader = run(
      s,
      (s) => m.startDueChecks(s, ctx(T0 + 4000), RUN),
      (s) => m.checkFinished(s, report(503, '45'), ctx(T0 + 4000)),
    ).state;
    expect(withHeader.origins[SITE]?.nextCheckAt).toBe(T0 + 4000 + 45_000);
  });

  it('ignores the report of a check started by a worker run that died', () => {
    const s = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + FIRST), 'dead-run'),
    ).state;
    // The new run may check again at once, and a late report of the old run changes nothing.
    const again = m.startDueChecks(s, ctx(T0 + FIRST + 500), RUN);
    expect(again.effects).toHaveLength(1);
    const late = m.checkFinished(again.state, { ...report(200), runId: 'dead-run' }, ctx(T0 + 1600));
    expect(late.state).toBe(again.state);
  });

  function failUntilGivenUp(start: RecoveryState, from: number) {
    let s = start;
    let now = from;
    const effects: m.Effect[] = [];
    for (let i = 0; i < 30 && s.tabs[1]?.phase === 'waiting'; i++) {
      now = Math.max(now, s.origins[SITE]!.nextCheckAt);
      s = m.startDueChecks(s, ctx(now), RUN).state;
      const r = m.checkFinished(s, report(502), ctx(now));
      s = r.state;
      effects.push(...r.effects);
    }
    return { s, now, effects };
  }

  it('gives up after the last attempt, records it, and keeps the count through its cool-down', () => {
    const { s, now, effects } = failUntilGivenUp(m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state, T0);
    expect(s.tabs[1]?.phase).toBe('gave-up');
    // The popup still tells how many checks were made and what the last one got.
    expect(s.tabs[1]?.endedWith).toMatchObject({
      attempts: 5,
      allowance: 5,
      lastCheck: { ok: false, status: 502 },
    });
    expect(effects).toEqual([
      { type: 'record', incident: expect.objectContaining({ outcome: 'gave-up', attempts: 5 }) },
    ]);
    expect(m.nextWakeAt(s, RUN)).toBeNull();
    // No page address is kept once nothing waits; the count is.
    expect(s.origins[SITE]).toMatchObject({ attempts: 5, probeUrl: SITE, forgetAt: now + m.COOL_DOWN_MS });
    // The same page failing again by itself (a meta refresh) does not restart anything.
    expect(m.loadCompleted(s, fail(1), ctx(now + 10)).state).toBe(s);
    // Another tab of the site, or a new failing URL, does not reset the count: it gives up at once.
    const other = m.loadCompleted(s, fail(2, 'https://shop.example/other'), ctx(now + 20));
    expect(other.state.tabs[2]?.phase).toBe('gave-up');
    expect(m.startDueChecks(other.state, ctx(now + 60_000), RUN).effects).toEqual([]);
    // After the cool-down the site is a new story.
    const later = m.loadCompleted(s, fail(2, 'https://shop.example/other'), ctx(now + m.COOL_DOWN_MS + 1));
    expect(later.state.tabs[2]?.phase).toBe('waiting');
    expect(later.state.origins[SITE]?.attempts).toBe(0);
    // The visitor asking again gets fresh attempts on top of the count, never a reset.
    const resumed = m.retryNow(s, 1, ctx(now + 20)).state;
    expect(resumed.tabs[1]?.phase).toBe('waiting');
    expect(resumed.tabs[1]?.endedWith).toBeUndefined();
    expect(resumed.origins[SITE]).toMatchObject({ attempts: 5, allowance: 10, forgetAt: null });
    expect(m.nextWakeAt(resumed, RUN)).toBeGreaterThanOrEqual(now + 20);
  });

  it('recovers on a good load after our reload, notifies, records, and forgets the tab', () => {
    const r = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + FIRST), RUN),
      (s) => m.checkFinished(s, report(200), ctx(T0 + FIRST)),
      (s) => m.loadCompleted(s, ok(1), ctx(T0 + FIRST + 200)),
    );
    expect(r.state.tabs).toEqual({});
    expect(r.state.origins[SITE]?.forgetAt).toBe(T0 + FIRST + 200 + m.COOL_DOWN_AFTER_RECOVERY_MS);
    expect(m.nextWakeAt(r.state, RUN)).toBeNull();
    expect(r.effects).toContainEqual({ type: 'notify-recovered', tabId: 1, host: 'shop.example' });
    expect(r.effects).toContainEqual({
      type: 'record',
      incident: expect.objectContaining({ outcome: 'recovered', attempts: 1, endedAt: T0 + FIRST + 200 }),
    });
  });

  it('when the site answers the check but not the tab, the tab reload becomes the check', () => {
    const r = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + FIRST), RUN),
      (s) => m.checkFinished(s, report(302), ctx(T0 + FIRST)),
      (s) => m.loadCompleted(s, fail(1), ctx(T0 + FIRST + 200)),
    );
    const o = r.state.origins[SITE]!;
    // The check and its failed reload are one attempt; the cycle check → reload stops here.
    expect(o).toMatchObject({ checkBy: 'tab', attempts: 1, lastCheck: { ok: false, by: 'tab' } });
    expect(r.state.tabs[1]).toMatchObject({ phase: 'waiting', startedAt: T0 });
    const next = m.startDueChecks(r.state, ctx(o.nextCheckAt), RUN);
    expect(next.effects).toEqual([{ type: 'reload', tabId: 1, url: 'https://shop.example/cart' }]);
    expect(next.state.tabs[1]).toMatchObject({ phase: 'reloading', reloadKind: 'check' });
  });

  it('a reload that never completes is a failed attempt, never a loop', () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    let now = T0;
    let requests = 0;
    // The site answers every check; the tab never finishes loading.
    for (let i = 0; i < 200 && s.tabs[1]?.phase !== 'gave-up'; i++) {
      now = Math.min(m.nextWakeAt(s, RUN) ?? now + 1000, now + 600_000);
      const due = m.startDueChecks(s, ctx(now), RUN);
      s = due.state;
      requests += due.effects.filter((e) => e.type === 'probe' || e.type === 'reload').length;
      if (due.effects.some((e) => e.type === 'probe')) {
        const r = m.checkFinished(s, report(200), ctx(now + 10));
        s = r.state;
        requests += r.effects.filter((e) => e.type === 'reload').length;
      }
    }
    expect(s.tabs[1]?.phase).toBe('gave-up');
    expect(s.origins[SITE]?.attempts).toBe(settings.maxAttempts);
    // Every attempt costs at most a check and a reload.
    expect(requests).toBeLessThanOrEqual(2 * settings.maxAttempts);
  });

  it("the page's own reloads are looks at the site: a page that refreshes every 5 s gets nothing from us", () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    // The page says so in its meta refresh, read right after the load.
    s = m.pageDeclaresRefresh(s, 1, 'https://shop.example/cart', 5).state;
    let probes = 0;
    for (let t = T0 + 100; t <= T0 + 60_000; t += 100) {
      if ((t - T0) % 5000 === 0) s = m.loadCompleted(s, fail(1), ctx(t)).state;
      const due = m.startDueChecks(s, ctx(t), RUN);
      s = due.state;
      probes += due.effects.length;
    }
    expect(probes).toBe(0);
    expect(s.tabs[1]?.phase).toBe('waiting');
    expect(s.origins[SITE]).toMatchObject({ attempts: 0, lastCheck: { by: 'page', status: 502 } });
    // When the page's own reload gets through, the tab is back.
    const back = m.loadCompleted(s, ok(1), ctx(T0 + 65_000));
    expect(back.effects).toContainEqual(
      expect.objectContaining({ incident: expect.objectContaining({ outcome: 'recovered' }) }),
    );
  });

  it('a Refresh header holds the first check back the same way', () => {
    const s = m.loadCompleted(
      EMPTY_STATE,
      fail(1, undefined, { statusCode: 503, headers: [{ name: 'Refresh', value: '10; url=/cart' }] }),
      ctx(T0),
    ).state;
    expect(s.origins[SITE]?.nextCheckAt).toBe(T0 + 15_000);
  });

  it('a navigation the visitor starts ends the incident at once; no reload of ours follows', () => {
    const r = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + FIRST), RUN),
      (s) => m.navigationStarted(s, 1, 'https://other.example/slow', T0 + FIRST + 50),
      (s) => m.checkFinished(s, report(200), ctx(T0 + FIRST + 100)),
    );
    expect(r.state.tabs).toEqual({});
    expect(r.effects.filter((e) => e.type === 'reload')).toEqual([]);
    expect(r.effects).toContainEqual({
      type: 'record',
      incident: expect.objectContaining({ outcome: 'navigated' }),
    });
    // Our own reload of the same page (or a fragment change) is no navigation away.
    const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    expect(m.navigationStarted(s, 1, 'https://shop.example/cart#top', T0 + 5).state).toBe(s);
  });

  it('closing the tab, going elsewhere or stopping ends everything for that tab', () => {
    const start = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const closed = m.tabClosed(start, 1, T0 + 5);
    expect(closed.state.tabs).toEqual({});
    expect(m.nextWakeAt(closed.state, RUN)).toBeNull();
    expect(closed.effects[0]).toMatchObject({ incident: { outcome: 'closed' } });
    const moved = m.tabUrlChanged(start, 1, 'https://other.example/', T0 + 5);
    expect(moved.state.tabs).toEqual({});
    expect(m.tabUrlChanged(start, 1, 'https://shop.example/cart#top', T0 + 5).state).toBe(start);
    const stopped = m.stopTab(start, 1, T0 + 5);
    expect(stopped.state.tabs[1]?.phase).toBe('stopped');
    expect(m.nextWakeAt(stopped.state, RUN)).toBeNull();
  });

  it('a form sent from a stopped page is an incident of its own: every history entry has its own id and ends once', () => {
    const r = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.stopTab(s, 1, T0 + 5),
      (s) => m.loadCompleted(s, fail(1, undefined, { method: 'POST' }), ctx(T0 + 9000)),
      // The answer to the form reloads itself: nothing new.
      (s) => m.loadCompleted(s, fail(1, undefined, { method: 'POST' }), ctx(T0 + 12_000)),
      // And the page fetched again as a GET after the form: a third incident.
      (s) => m.loadCompleted(s, fail(1), ctx(T0 + 20_000)),
      (s) => m.tabClosed(s, 1, T0 + 30_000),
    );
    const records = r.effects.flatMap((e) => (e.type === 'record' ? [e.incident] : []));
    expect(records.map((i) => [i.outcome, i.method, i.startedAt])).toEqual([
      ['stopped', 'GET', T0],
      ['not-retried', 'POST', T0 + 9000],
      ['closed', 'GET', T0 + 20_000],
    ]);
    expect(new Set(records.map((i) => i.id)).size).toBe(3);
  });

  it('switching to a waiting tab checks at once, or 3 s after the last look, never at the next slot', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(1, undefined, { visible: false }), ctx(T0)).state;
    const later = {
      ...s,
      origins: { [SITE]: { ...s.origins[SITE]!, nextCheckAt: T0 + 60_000 } },
    };
    const soon = m.tabActivated(later, 1, 1, T0 + 500).state;
    expect(soon.origins[SITE]?.nextCheckAt).toBe(T0 + m.ACTIVATION_MIN_GAP_MS);
    expect(soon.tabs[1]?.visible).toBe(true);
    expect(m.tabActivated(later, 1, 1, T0 + 10_000).state.origins[SITE]?.nextCheckAt).toBe(T0 + 10_000);
    const paused = { ...later, origins: { [SITE]: { ...later.origins[SITE]!, notBefore: T0 + 30_000 } } };
    expect(m.tabActivated(paused, 1, 1, T0 + 10_000).state.origins[SITE]?.nextCheckAt).toBe(T0 + 30_000);
    // Switching to another tab of the window hides this one.
    expect(m.tabActivated(soon, 9, 1, T0 + 700).state.tabs[1]?.visible).toBe(false);
  });

  it('a site whose tabs are all hidden is checked on the sparser schedule', () => {
    const waits = (visible: boolean) => {
      let s = m.loadCompleted(EMPTY_STATE, fail(1, undefined, { visible }), ctx(T0, DEFAULT_SETTINGS)).state;
      let checks = 0;
      while (s.tabs[1]?.phase === 'waiting' && s.origins[SITE]!.nextCheckAt <= T0 + 300_000) {
        const now = s.origins[SITE]!.nextCheckAt;
        s = m.startDueChecks(s, ctx(now, DEFAULT_SETTINGS), RUN).state;
        s = m.checkFinished(s, report(502), ctx(now, DEFAULT_SETTINGS)).state;
        checks++;
      }
      return checks;
    };
    expect(waits(true)).toBeGreaterThanOrEqual(11);
    expect(waits(false)).toBeLessThanOrEqual(7);
  });

  it('excluding a site in the settings stops its running incidents', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const r = m.settingsChanged(s, ctx(T0 + 1, { ...settings, excludedSites: ['shop.example'] }));
    expect(r.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'excluded' });
    expect(m.nextWakeAt(r.state, RUN)).toBeNull();
  });

  it('a clock set back or forward moves every stored time with it', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const hour = 3_600_000;
    for (const by of [-hour, hour]) {
      const moved = m.shiftClock(s, by);
      expect(moved.origins[SITE]!.nextCheckAt - (T0 + by)).toBe(s.origins[SITE]!.nextCheckAt - T0);
      expect(moved.tabs[1]!.startedAt).toBe(T0 + by);
      // Due exactly when it was due before, in the new clock.
      expect(m.startDueChecks(moved, ctx(T0 + by + FIRST), RUN).effects).toHaveLength(1);
    }
  });

  describe('answers that are not the page, and reasons that end', () => {
    /** The tab fails, our check is answered with `checkStatus`, and the confirming reload gets `status`. */
    const confirmedWith = (status: number, checkStatus = status, s: Settings = settings) =>
      run(
        EMPTY_STATE,
        (st) => m.loadCompleted(st, fail(1), ctx(T0, s)),
        (st) => m.startDueChecks(st, ctx(T0 + FIRST, s), RUN),
        (st) => m.checkFinished(st, report(checkStatus), ctx(T0 + FIRST + 10, s)),
        (st) => m.loadCompleted(st, { ...fail(1), statusCode: status }, ctx(T0 + FIRST + 300, s)),
      );

    it('a reload answered by another error is not "back": retrying stops and the history says what the site answers', () => {
      for (const status of [500, 429, 403, 404]) {
        const r = confirmedWith(status);
        expect(r.state.tabs[1]).toMatchObject({ phase: 'answered-other', answeredWith: status, code: 502 });
        expect(r.effects.some((e) => e.type === 'notify-recovered')).toBe(false);
        expect(r.effects.filter((e) => e.type === 'record')).toEqual([
          {
            type: 'record',
            incident: expect.objectContaining({ outcome: 'answered-other', answeredWith: status, code: 502 }),
          },
        ]);
        expect(m.nextWakeAt(r.state, RUN)).toBeNull();
      }
    });

    it('a code the visitor has just unticked is another error too, not the page', () => {
      const without503: Settings = { ...settings, codes: settings.codes.filter((c) => c !== 503) };
      let s = m.loadCompleted(EMPTY_STATE, { ...fail(1), statusCode: 503 }, ctx(T0)).state;
      // The visitor reloads after unticking 503.
      const r = m.loadCompleted(s, { ...fail(1), statusCode: 503 }, ctx(T0 + 900, without503));
      expect(r.state.tabs[1]).toMatchObject({ phase: 'answered-other', answeredWith: 503 });
      expect(r.effects[0]).toMatchObject({ incident: { outcome: 'answered-other', answeredWith: 503 } });
      // The same check answered 503 counts as an answer, and the reload it leads to is no recovery.
      s = confirmedWith(503, 503, without503).state;
      expect(s.tabs[1]).toMatchObject({ phase: 'answered-other', answeredWith: 503 });
    });

    it('after another error, the page loading is no second entry; a gateway error again is a new incident', () => {
      const answered = confirmedWith(500).state;
      const back = m.loadCompleted(answered, ok(1), ctx(T0 + 5000));
      expect(back.state.tabs).toEqual({});
      expect(back.effects).toEqual([]);
      const again = m.loadCompleted(answered, fail(1), ctx(T0 + 6000));
      expect(again.state.tabs[1]).toMatchObject({ phase: 'waiting', startedAt: T0 + 6000 });
      expect(again.state.tabs[1]?.answeredWith).toBeUndefined();
      // Its own id: the first incident's was recorded already.
      expect(answered.tabs[1]?.startedAt).toBe(T0);
      // A tab that had stopped says what the site answers now, without a second entry.
      const stopped = m.stopTab(m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state, 1, T0 + 100).state;
      const later = m.loadCompleted(stopped, { ...fail(1), statusCode: 403 }, ctx(T0 + 9000));
      expect(later.state.tabs[1]).toMatchObject({
        phase: 'answered-other',
        answeredWith: 403,
        recorded: true,
      });
      expect(later.effects).toEqual([]);
    });

    it("another error in one tab does not send the site's other tabs after it; their checks go on", () => {
      let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
      s = m.loadCompleted(s, fail(2, 'https://shop.example/other', { visible: false }), ctx(T0)).state;
      s = m.startDueChecks(s, ctx(T0 + FIRST), RUN).state;
      s = m.checkFinished(s, report(500), ctx(T0 + FIRST + 10)).state;
      const r = m.loadCompleted(s, { ...fail(1), statusCode: 500 }, ctx(T0 + FIRST + 300));
      expect(r.effects.filter((e) => e.type === 'reload')).toEqual([]);
      expect(r.state.tabs[2]?.phase).toBe('waiting');
      // The next look waits for the next slot, not at once behind the reload.
      expect(r.state.origins[SITE]!.nextCheckAt).toBeGreaterThan(T0 + FIRST + 300 + 1000);
    });

    it('a confirming reload the glue skipped (the tab was busy) answers nothing and costs nothing', () => {
      let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
      s = m.startDueChecks(s, ctx(T0 + FIRST), RUN).state;
      s = m.checkFinished(s, report(200), ctx(T0 + FIRST + 10)).state;
      expect(s.tabs[1]?.phase).toBe('reloading');
      s = m.reloadSkipped(s, 1, 'https://shop.example/cart', ctx(T0 + FIRST + 20)).state;
      expect(s.tabs[1]).toMatchObject({ phase: 'waiting', reloadKind: undefined });
      // Only the check was sent.
      expect(s.origins[SITE]!.requests).toEqual([T0 + FIRST]);
      // The tab's own load, which kept it busy, fails: a look of the page's, not a verdict on the cookies.
      s = m.loadCompleted(s, fail(1), ctx(T0 + FIRST + 400)).state;
      expect(s.origins[SITE]).toMatchObject({ checkBy: 'fetch', lastCheck: { by: 'page', ok: false } });
      expect(s.tabs[1]?.phase).toBe('waiting');
      // Nothing to do for a tab that is not reloading any more.
      expect(m.reloadSkipped(s, 1, 'https://shop.example/cart', ctx(T0 + FIRST + 500)).state).toBe(s);
    });

    it('a failing load that began before our reload was decided is not its answer', () => {
      let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
      s = m.startDueChecks(s, ctx(T0 + FIRST), RUN).state;
      s = m.checkFinished(s, report(200), ctx(T0 + FIRST + 10)).state;
      const stale = m.loadCompleted(
        s,
        fail(1, undefined, { requestStartedAt: T0 + FIRST - 500 }),
        ctx(T0 + FIRST + 50),
      );
      expect(stale.state).toBe(s);
      // One that began after it (our reload, or one as fresh) is the answer: the site answers without cookies only.
      const fresh = m.loadCompleted(
        s,
        fail(1, undefined, { requestStartedAt: T0 + FIRST + 20 }),
        ctx(T0 + FIRST + 90),
      );
      expect(fresh.state.origins[SITE]?.checkBy).toBe('tab');
    });

    it('"not retried" ends once its reason no longer holds: retrying turned back on, the exclusion removed', () => {
      const off: Settings = { ...settings, enabled: false };
      const excluded: Settings = { ...settings, excludedSites: ['shop.example'] };
      for (const before of [off, excluded]) {
        const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0, before)).state;
        expect(s.tabs[1]).toMatchObject({ phase: 'not-retried' });
        const on = m.settingsChanged(s, ctx(T0 + 60_000));
        expect(on.state.tabs[1]).toMatchObject({ phase: 'waiting', startedAt: T0 + 60_000, recorded: false });
        expect(on.state.tabs[1]?.reason).toBeUndefined();
        // Checked now: the visitor has just asked for it.
        expect(m.startDueChecks(on.state, ctx(T0 + 60_000), RUN).effects).toEqual([
          { type: 'probe', origin: SITE, url: 'https://shop.example/cart' },
        ]);
      }
      // A reason that still holds stays, and says which one it is now; a form's answer stays unsent.
      const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0, off)).state;
      const still = m.settingsChanged(s, ctx(T0 + 1, { ...excluded, enabled: true }));
      expect(still.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'excluded' });
      expect(still.effects).toEqual([]);
      const post = m.loadCompleted(EMPTY_STATE, fail(1, undefined, { method: 'POST' }), ctx(T0, off)).state;
      expect(m.settingsChanged(post, ctx(T0 + 1)).state.tabs[1]).toMatchObject({
        phase: 'not-retried',
        reason: 'post',
      });
    });

    it('a page that fails again after its "not retried" reason ended is retried, as a new incident', () => {
      const off: Settings = { ...settings, enabled: false };
      const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0, off)).state;
      // Still off: the reason holds and the page reloading itself restarts nothing.
      expect(m.loadCompleted(s, fail(1), ctx(T0 + 5000, off)).state).toBe(s);
      const again = m.loadCompleted(s, fail(1), ctx(T0 + 10_000));
      expect(again.state.tabs[1]).toMatchObject({ phase: 'waiting', startedAt: T0 + 10_000 });
      expect(again.state.origins[SITE]?.nextCheckAt).toBe(T0 + 10_000 + FIRST);
    });

    it('an ended incident followed by a failing form on the same page: two entries, each with its own id', () => {
      const stopped = m.stopTab(m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state, 1, T0 + 100);
      const form = m.loadCompleted(stopped.state, fail(1, undefined, { method: 'POST' }), ctx(T0 + 5000));
      const ids = [...stopped.effects, ...form.effects].flatMap((e) =>
        e.type === 'record' ? [e.incident.id] : [],
      );
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
    });

    it("one reload by the visitor late in an outage is a look: the next check stays on the schedule's wait", () => {
      let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0, DEFAULT_SETTINGS)).state;
      let now = T0;
      while (now < T0 + 80_000) {
        now = s.origins[SITE]!.nextCheckAt;
        s = m.startDueChecks(s, ctx(now, DEFAULT_SETTINGS), RUN).state;
        s = m.checkFinished(s, report(502), ctx(now, DEFAULT_SETTINGS)).state;
      }
      const planned = s.origins[SITE]!.nextCheckAt - now;
      expect(planned).toBeLessThan(60_000);
      const at = now + 1000;
      const looked = m.loadCompleted(s, fail(1), ctx(at, DEFAULT_SETTINGS)).state;
      expect(looked.origins[SITE]?.lastCheck).toMatchObject({ by: 'page' });
      // Not the 2-minute cap (1.5 times the 80 s since the tab's last load).
      expect(looked.origins[SITE]!.nextCheckAt - at).toBeLessThanOrEqual(planned);
    });

    it('a page that reloads itself regularly, without saying so, holds checks back once its rhythm shows', () => {
      let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
      s = m.loadCompleted(s, fail(1), ctx(T0 + 10_000)).state;
      s = m.loadCompleted(s, fail(1), ctx(T0 + 20_500)).state;
      expect(s.tabs[1]?.pageIntervalMs).toBe(10_500);
      expect(s.origins[SITE]!.nextCheckAt).toBeGreaterThanOrEqual(T0 + 20_500 + 15_750);
    });
  });

  it("for any sequence of events: within the site budget, never in the visitor's way, counts never reset, back only when loaded", () => {
    const urls = ['https://a.example/1', 'https://a.example/2', 'https://b.example/', 'chrome://newtab/'];
    const tabId = fc.integer({ min: 1, max: 4 });
    const event = fc.oneof(
      fc.record({
        kind: fc.constant('load' as const),
        tabId,
        url: fc.constantFrom(...urls),
        method: fc.constantFrom('GET', 'GET', 'POST'),
        statusCode: fc.constantFrom(200, 404, 500, 502, 502, 503),
        visible: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('due' as const) }),
      fc.record({
        kind: fc.constant('finish' as const),
        origin: fc.constantFrom('https://a.example', 'https://b.example'),
        status: fc.constantFrom(200, 302, 502, null),
      }),
      fc.record({
        kind: fc.constantFrom('close' as const, 'stop' as const, 'retry' as const, 'activate' as const),
        tabId,
      }),
      fc.record({
        kind: fc.constantFrom('move' as const, 'navigate' as const),
        tabId,
        url: fc.constantFrom(...urls),
      }),
      fc.record({ kind: fc.constant('refresh' as const), tabId, seconds: fc.integer({ min: 0, max: 30 }) }),
      fc.record({
        kind: fc.constant('clock' as const),
        by: fc.constantFrom(-3_600_000, 3_600_000, -90_000, 90_000),
      }),
      fc.record({ kind: fc.constant('sleep' as const), by: fc.constantFrom(30_000, 90_000, 3_600_000) }),
      // The glue found the tab busy and did not send our reload.
      fc.record({ kind: fc.constant('skip' as const), tabId }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(event, fc.integer({ min: 0, max: 8000 })), { maxLength: 120 }),
        (events) => {
          let s: RecoveryState = EMPTY_STATE;
          let now = T0; // the wall clock, which may jump
          let mono = T0; // real time, which never does
          const sent = new Map<string, number[]>(); // requests per site, in real time
          const leftFor = new Set<number>(); // tabs the visitor navigated away from
          const pending = new Map<number, { origin: string; at: number }>(); // counted reloads not yet sent
          for (const [e, dt] of events) {
            now += dt;
            mono += dt;
            const c = ctx(now);
            let r: m.Result;
            switch (e.kind) {
              case 'load':
                leftFor.delete(e.tabId);
                pending.delete(e.tabId);
                // As the glue does: the site's Date (its clock is real time) is read with the load.
                // Some loads began before the last transition (a tab busy with its own load).
                r = m.withServerDate(new URL(e.url).origin, new Date(mono).toUTCString(), (st, cx) =>
                  m.loadCompleted(st, { ...e, windowId: 1, requestStartedAt: now - dt / 2 }, cx),
                )(s, c);
                break;
              case 'skip': {
                const t = s.tabs[e.tabId];
                r = m.reloadSkipped(s, e.tabId, t?.url ?? '', c);
                // A reload that was not sent is not a request.
                const sentAt = pending.get(e.tabId);
                if (t?.phase === 'reloading' && sentAt) {
                  const times = sent.get(sentAt.origin) ?? [];
                  times.splice(times.lastIndexOf(sentAt.at), 1);
                }
                pending.delete(e.tabId);
                break;
              }
              case 'due':
                r = m.startDueChecks(s, c, RUN);
                for (const p of r.effects) {
                  if (p.type !== 'probe') continue;
                  const o = s.origins[p.origin];
                  if (o?.checkingBy === RUN && now - (o.checkingSince ?? 0) < m.CHECK_LEASE_MS) return false;
                }
                break;
              case 'finish':
                r = m.withServerDate(
                  e.origin,
                  e.status === null ? null : new Date(mono).toUTCString(),
                  (st, cx) => m.checkFinished(st, { origin: e.origin, runId: RUN, status: e.status }, cx),
                )(s, c);
                break;
              case 'close':
                r = m.tabClosed(s, e.tabId, now);
                break;
              case 'stop':
                r = m.stopTab(s, e.tabId, now);
                break;
              case 'retry':
                r = m.retryNow(s, e.tabId, c);
                break;
              case 'activate':
                r = m.tabActivated(s, e.tabId, 1, now);
                break;
              case 'move':
                r = m.tabUrlChanged(s, e.tabId, e.url, now);
                break;
              case 'navigate': {
                const t = s.tabs[e.tabId];
                if (t && !m.samePage(t.url, e.url)) leftFor.add(e.tabId);
                r = m.navigationStarted(s, e.tabId, e.url, now);
                break;
              }
              case 'refresh':
                r = m.pageDeclaresRefresh(s, e.tabId, s.tabs[e.tabId]?.url ?? '', e.seconds);
                break;
              case 'clock':
                // Set back: moved at once. Set forward: a step, as the engine sees it, until a Date tells.
                now += e.by;
                r = { state: e.by < 0 ? m.shiftClock(s, e.by) : m.clockStepped(s, e.by, now), effects: [] };
                break;
              case 'sleep':
                now += e.by;
                mono += e.by;
                r = { state: m.clockStepped(s, e.by, now), effects: [] };
                break;
            }
            const before = s;
            s = r.state;
            // "Back" and "recovered" only when the tab loaded a page, never an error.
            const loadedPage = e.kind === 'load' && e.statusCode < 400;
            for (const eff of r.effects) {
              if (eff.type === 'notify-recovered' && !loadedPage) return false;
              if (eff.type === 'record' && eff.incident.outcome === 'recovered' && !loadedPage) return false;
              if (eff.type === 'reload') {
                const t = s.tabs[eff.tabId];
                // Never a reload of a form's answer, nor of a tab the visitor took elsewhere.
                if (t?.method !== 'GET' || leftFor.has(eff.tabId)) return false;
                if (t.reloadKind !== 'follow') {
                  sent.set(t.origin, [...(sent.get(t.origin) ?? []), mono]);
                  pending.set(eff.tabId, { origin: t.origin, at: mono });
                }
              }
              if (eff.type === 'probe') sent.set(eff.origin, [...(sent.get(eff.origin) ?? []), mono]);
            }
            // At most 8 requests to a site in any 60 s of real time.
            for (const times of sent.values()) {
              const last = times[times.length - 1]!;
              if (times.filter((t) => t > last - m.SITE_WINDOW_MS).length > m.SITE_WINDOW_MAX) return false;
            }
            for (const o of Object.values(s.origins)) {
              if (o.attempts > o.allowance) return false;
              // A site's count only starts over once its cool-down has passed.
              const was = before.origins[o.origin];
              if (was && o.attempts < was.attempts && (was.forgetAt === null || was.forgetAt > now))
                return false;
            }
            // No wake-up for a site nobody waits for.
            for (const o of Object.values(s.origins)) {
              const active = Object.values(s.tabs).some(
                (t) => t.origin === o.origin && (t.phase === 'waiting' || t.phase === 'reloading'),
              );
              if (active === (o.forgetAt !== null)) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
