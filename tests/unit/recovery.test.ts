import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';

const RUN = 'run-1';
const T0 = 1_000_000;
const settings: Settings = { ...DEFAULT_SETTINGS, maxAttempts: 5 };
const ctx = (now: number, s: Settings = settings): m.Context => ({ now, settings: s, random: () => 0.5 });
const fail = (tabId: number, url = 'https://shop.example/cart', extra: Partial<m.LoadCompleted> = {}) => ({
  tabId,
  url,
  method: 'GET',
  statusCode: 502,
  headers: [{ name: 'server', value: 'cloudflare' }],
  ...extra,
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
  it('starts an incident for a GET gateway error, with the layer and a first check about a second later', () => {
    const { state, effects } = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0));
    expect(effects).toEqual([]);
    expect(state.tabs[1]).toMatchObject({
      phase: 'waiting',
      code: 502,
      layer: 'cloudflare',
      host: 'shop.example',
    });
    expect(state.origins['https://shop.example']?.nextCheckAt).toBe(T0 + 1000);
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
      (s) => m.startDueChecks(s, ctx(T0 + 1000), RUN),
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
          ctx(T0 + 1100),
        ),
    );
    expect(state.tabs[1]).toMatchObject({ layer: 'squid', chain: ['squid'] });
    expect(state.tabs[1]?.clues).toContainEqual(['squid', 'x-squid-error: ERR_READ_ERROR 0']);
    expect(state.tabs[1]?.clues?.some(([, clue]) => clue.startsWith('body: “Generated'))).toBe(true);
    // The load's own headers are kept as they were.
    expect(state.tabs[1]?.headers).toEqual([['via', '1.1 localhost (squid/5.7)']]);
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
    expect(m.loadCompleted(failing, challenge(503), ctx(T0 + 500)).state).toEqual(EMPTY_STATE);
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

  it('sends one check per origin however many tabs fail there, and reloads them all when it succeeds', () => {
    let s = EMPTY_STATE;
    for (let id = 1; id <= 10; id++)
      s = m.loadCompleted(s, fail(id, `https://shop.example/p/${id}`), ctx(T0)).state;
    expect(Object.keys(s.origins)).toHaveLength(1);
    const due = m.startDueChecks(s, ctx(T0 + 1000), RUN);
    expect(due.effects).toEqual([
      { type: 'probe', origin: 'https://shop.example', url: 'https://shop.example/p/1' },
    ]);
    // Still in flight: no second check.
    expect(m.startDueChecks(due.state, ctx(T0 + 5000), RUN).effects).toEqual([]);
    const done = m.checkFinished(
      due.state,
      { origin: 'https://shop.example', runId: RUN, status: 200 },
      ctx(T0 + 1100),
    );
    expect(done.effects.filter((e) => e.type === 'reload')).toHaveLength(10);
    expect(Object.values(done.state.tabs).every((t) => t.phase === 'reloading')).toBe(true);
  });

  it('a failed check schedules the next with backoff, honouring Retry-After from the check', () => {
    const s = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + 1000), RUN),
      (s) => m.checkFinished(s, { origin: 'https://shop.example', runId: RUN, status: 502 }, ctx(T0 + 1000)),
    ).state;
    expect(s.origins['https://shop.example']).toMatchObject({ attempts: 1, nextCheckAt: T0 + 1000 + 1600 });
    const withHeader = run(
      s,
      (s) => m.startDueChecks(s, ctx(T0 + 3000), RUN),
      (s) =>
        m.checkFinished(
          s,
          { origin: 'https://shop.example', runId: RUN, status: 503, retryAfter: '45' },
          ctx(T0 + 3000),
        ),
    ).state;
    expect(withHeader.origins['https://shop.example']?.nextCheckAt).toBe(T0 + 3000 + 45_000);
  });

  it('ignores the report of a check started by a worker run that died', () => {
    const s = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + 1000), 'dead-run'),
    ).state;
    // The new run may check again at once, and a late report of the old run changes nothing.
    const again = m.startDueChecks(s, ctx(T0 + 1500), RUN);
    expect(again.effects).toHaveLength(1);
    const late = m.checkFinished(
      again.state,
      { origin: 'https://shop.example', runId: 'dead-run', status: 200 },
      ctx(T0 + 1600),
    );
    expect(late.state).toBe(again.state);
  });

  it('gives up after the last attempt, records it, and leaves no schedule behind', () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const effects: m.Effect[] = [];
    let now = T0;
    for (let i = 0; i < 20 && s.origins['https://shop.example']; i++) {
      now = s.origins['https://shop.example'].nextCheckAt;
      s = m.startDueChecks(s, ctx(now), RUN).state;
      const r = m.checkFinished(s, { origin: 'https://shop.example', runId: RUN, status: 502 }, ctx(now));
      s = r.state;
      effects.push(...r.effects);
    }
    expect(s.tabs[1]?.phase).toBe('gave-up');
    expect(s.origins).toEqual({});
    // The popup still tells how many checks were made and what the last one got.
    expect(s.tabs[1]?.endedWith).toMatchObject({ attempts: 5, lastCheck: { ok: false, status: 502 } });
    expect(effects).toEqual([
      { type: 'record', incident: expect.objectContaining({ outcome: 'gave-up', attempts: 5 }) },
    ]);
    expect(m.nextWakeAt(s, RUN)).toBeNull();
    // The same page failing again by itself (a meta refresh) does not restart anything.
    expect(m.loadCompleted(s, fail(1), ctx(now + 10)).state).toBe(s);
    // The visitor asking does.
    const resumed = m.retryNow(s, 1, ctx(now + 20)).state;
    expect(resumed.tabs[1]?.phase).toBe('waiting');
    expect(resumed.tabs[1]?.endedWith).toBeUndefined();
    expect(resumed.origins['https://shop.example']).toMatchObject({ attempts: 0, nextCheckAt: now + 20 });
  });

  it('recovers on a good load after our reload, notifies, records, and forgets the tab', () => {
    const r = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + 1000), RUN),
      (s) => m.checkFinished(s, { origin: 'https://shop.example', runId: RUN, status: 200 }, ctx(T0 + 1000)),
      (s) => m.loadCompleted(s, { ...fail(1), statusCode: 200 }, ctx(T0 + 1200)),
    );
    expect(r.state).toEqual({ tabs: {}, origins: {} });
    expect(r.effects).toContainEqual({ type: 'notify-recovered', tabId: 1, host: 'shop.example' });
    expect(r.effects).toContainEqual({
      type: 'record',
      incident: expect.objectContaining({ outcome: 'recovered', attempts: 1, endedAt: T0 + 1200 }),
    });
  });

  it('a reload that fails again continues the same incident and its attempt count', () => {
    const r = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, fail(1), ctx(T0)),
      (s) => m.startDueChecks(s, ctx(T0 + 1000), RUN),
      (s) => m.checkFinished(s, { origin: 'https://shop.example', runId: RUN, status: 200 }, ctx(T0 + 1000)),
      (s) => m.loadCompleted(s, fail(1), ctx(T0 + 1200)),
    );
    expect(r.state.tabs[1]).toMatchObject({ phase: 'waiting', startedAt: T0 });
    expect(r.state.origins['https://shop.example']?.attempts).toBe(1);
  });

  it('closing the tab, going elsewhere or stopping ends everything for that tab', () => {
    const start = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const closed = m.tabClosed(start, 1, T0 + 5);
    expect(closed.state).toEqual({ tabs: {}, origins: {} });
    expect(closed.effects[0]).toMatchObject({ incident: { outcome: 'closed' } });
    const moved = m.tabUrlChanged(start, 1, 'https://other.example/', T0 + 5);
    expect(moved.state).toEqual({ tabs: {}, origins: {} });
    expect(m.tabUrlChanged(start, 1, 'https://shop.example/cart#top', T0 + 5).state).toBe(start);
    const stopped = m.stopTab(start, 1, T0 + 5);
    expect(stopped.state.tabs[1]?.phase).toBe('stopped');
    expect(stopped.state.origins).toEqual({});
  });

  it('checks the tab the visitor switches to at once, unless it was just checked', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const later = {
      ...s,
      origins: {
        'https://shop.example': { ...s.origins['https://shop.example']!, nextCheckAt: T0 + 60_000 },
      },
    };
    expect(m.tabActivated(later, 1, T0 + 500).state).toBe(later);
    expect(m.tabActivated(later, 1, T0 + 10_000).state.origins['https://shop.example']?.nextCheckAt).toBe(
      T0 + 10_000,
    );
    const paused = {
      origins: {
        'https://shop.example': { ...later.origins['https://shop.example']!, notBefore: T0 + 30_000 },
      },
      tabs: s.tabs,
    };
    expect(m.tabActivated(paused, 1, T0 + 10_000).state).toBe(paused);
  });

  it('excluding a site in the settings stops its running incidents', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(1), ctx(T0)).state;
    const r = m.settingsChanged(s, ctx(T0 + 1, { ...settings, excludedSites: ['shop.example'] }));
    expect(r.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'excluded' });
    expect(r.state.origins).toEqual({});
  });

  it('invariants hold for any sequence of events', () => {
    const urls = ['https://a.example/1', 'https://a.example/2', 'https://b.example/', 'chrome://newtab/'];
    const event = fc.oneof(
      fc.record({
        kind: fc.constant('load' as const),
        tabId: fc.integer({ min: 1, max: 4 }),
        url: fc.constantFrom(...urls),
        method: fc.constantFrom('GET', 'POST'),
        statusCode: fc.constantFrom(200, 404, 500, 502, 503),
      }),
      fc.record({ kind: fc.constant('due' as const) }),
      fc.record({
        kind: fc.constant('finish' as const),
        origin: fc.constantFrom('https://a.example', 'https://b.example'),
        status: fc.constantFrom(200, 502, null),
      }),
      fc.record({
        kind: fc.constantFrom('close' as const, 'stop' as const, 'retry' as const, 'activate' as const),
        tabId: fc.integer({ min: 1, max: 4 }),
      }),
      fc.record({
        kind: fc.constant('move' as const),
        tabId: fc.integer({ min: 1, max: 4 }),
        url: fc.constantFrom(...urls),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(event, fc.integer({ min: 0, max: 5000 })), { maxLength: 60 }),
        (events) => {
          let s: RecoveryState = EMPTY_STATE;
          let now = T0;
          const methods = new Map<number, string>();
          for (const [e, dt] of events) {
            now += dt;
            const c = ctx(now);
            let r: m.Result;
            switch (e.kind) {
              case 'load':
                methods.set(e.tabId, e.method);
                r = m.loadCompleted(s, e, c);
                break;
              case 'due':
                r = m.startDueChecks(s, c, RUN);
                // One check in flight per origin at most.
                for (const p of r.effects.filter((x) => x.type === 'probe')) {
                  const o = s.origins[(p as { origin: string }).origin];
                  if (o?.checkingBy === RUN && now - (o.checkingSince ?? 0) < m.CHECK_LEASE_MS) return false;
                }
                break;
              case 'finish':
                r = m.checkFinished(s, { origin: e.origin, runId: RUN, status: e.status }, c);
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
                r = m.tabActivated(s, e.tabId, now);
                break;
              case 'move':
                r = m.tabUrlChanged(s, e.tabId, e.url, now);
                break;
            }
            s = r.state;
            for (const eff of r.effects) {
              // Never a reload of a tab whose failed load was not a GET.
              if (eff.type === 'reload' && s.tabs[eff.tabId]?.method !== 'GET') return false;
            }
            // No schedule without a tab that needs it; attempts bounded.
            for (const o of Object.values(s.origins)) {
              const needed = Object.values(s.tabs).some(
                (t) => t.origin === o.origin && (t.phase === 'waiting' || t.phase === 'reloading'),
              );
              if (!needed || o.attempts > settings.maxAttempts) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
