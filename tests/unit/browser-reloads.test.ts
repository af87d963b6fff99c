import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { BROWSER_RELOAD_DELAYS_MS } from '../../src/core/recovery/browser-reloads';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';

const RUN = 'run-1';
const T0 = 1_000_000;
const SITE = 'http://shop.example';
const URL_ = 'http://shop.example/cart';
const settings: Settings = { ...DEFAULT_SETTINGS, maxAttempts: 20 };
const refused = (visible = true): m.LoadCompleted => ({
  tabId: 1,
  url: URL_,
  method: 'GET',
  statusCode: 0,
  failure: 'refused',
  visible,
  windowId: 1,
});
const loaded: m.LoadCompleted = { ...refused(), statusCode: 200, failure: undefined };

interface Played {
  /** Every request the site received, by whom, in ms since the first load. */
  requests: { at: number; by: 'browser' | 'check' | 'reload' }[];
  /** When the page showed again, ms since the first load; null if not within the run. */
  backAt: number | null;
}

/**
 * Plays one visible tab on a site that refuses connections until `outageMs`: the browser (the
 * Chromium fake: a reload 1 s, 5 s, 30 s... after each of its failures, never of ours) and the
 * machine's checks and reloads, which answer at once.
 */
function play(
  outageMs: number,
  browserReloads: boolean,
  random = 0.5,
  untilMs = 700_000,
  browserSilent = false,
): Played {
  const ctx = (at: number): m.Context => ({
    now: T0 + at,
    settings,
    random: () => random,
    ...(browserReloads && { browserReloads }),
  });
  const requests: Played['requests'] = [{ at: 0, by: 'browser' }];
  let state: RecoveryState = m.loadCompleted(EMPTY_STATE, refused(), ctx(0)).state;
  let reloads = 0;
  let browserAt = browserReloads && !browserSilent ? BROWSER_RELOAD_DELAYS_MS[0] : Number.POSITIVE_INFINITY;
  while (state.tabs[1]) {
    const o = state.origins[SITE]!;
    const checkAt = o.nextCheckAt - T0;
    const at = Math.min(browserAt, checkAt);
    if (at > untilMs) return { requests, backAt: null };
    if (browserAt <= checkAt) {
      requests.push({ at, by: 'browser' });
      if (at >= outageMs) return { requests, backAt: at };
      state = m.loadCompleted(state, refused(), ctx(at)).state;
      reloads++;
      browserAt = at + BROWSER_RELOAD_DELAYS_MS[Math.min(reloads, BROWSER_RELOAD_DELAYS_MS.length - 1)]!;
      continue;
    }
    const started = m.startDueChecks(state, ctx(at), RUN);
    state = started.state;
    if (started.effects.length === 0) continue;
    requests.push({ at, by: 'check' });
    const status = at >= outageMs ? 200 : null;
    const finished = m.checkFinished(state, { origin: SITE, runId: RUN, status }, ctx(at + 10));
    state = finished.state;
    if (finished.effects.some((e) => e.type === 'reload')) {
      requests.push({ at: at + 10, by: 'reload' });
      state = m.loadCompleted(state, loaded, ctx(at + 60)).state;
      return { requests, backAt: at + 60 };
    }
  }
  return { requests, backAt: null };
}

/** The most requests the site received in any 60 s window. */
function busiestMinute(requests: Played['requests']): number {
  return Math.max(
    ...requests.map((r) => requests.filter((q) => q.at >= r.at && q.at < r.at + 60_000).length),
  );
}

describe("checks beside Chromium's own reloads of a page that got no answer", () => {
  it('leave the browser its looks at 1 s and 6 s, then split its 30 s gap evenly', () => {
    const { requests } = play(Number.POSITIVE_INFINITY, true, 0, 40_000);
    // The first load, Chromium's reloads at 1 s and 6 s, four checks 6 s apart, Chromium at 36 s.
    expect(requests.map((r) => [r.at, r.by])).toEqual([
      [0, 'browser'],
      [1000, 'browser'],
      [6000, 'browser'],
      [12_000, 'check'],
      [18_000, 'check'],
      [24_000, 'check'],
      [30_000, 'check'],
      [36_000, 'browser'],
    ]);
  });

  it('keep the browser and the checks within 8 requests in any minute, whenever the site comes back', () => {
    for (const outageS of [5, 8, 15, 22, 30, 38, 60, 120, 300, 10_000]) {
      for (const random of [0, 0.5, 0.99]) {
        const { requests } = play(outageS * 1000, true, random);
        expect(busiestMinute(requests), `${outageS} s, random ${random}`).toBeLessThanOrEqual(
          m.SITE_WINDOW_MAX,
        );
      }
    }
  });

  it('bring the page back within the benchmark bound after each outage length, and sooner than the browser alone', () => {
    // The benchmark's bound: the outage's length, at least 20 s (bench/scenarios/recovery.ts).
    for (const outageS of [5, 15, 30, 60]) {
      const { backAt } = play(outageS * 1000, true, 0.5);
      expect(backAt, `${outageS} s`).not.toBeNull();
      expect(backAt! - outageS * 1000, `${outageS} s`).toBeLessThanOrEqual(Math.max(20, outageS) * 1000);
    }
    // Chromium alone brings a 15 s outage back at its 36 s reload; the checks between bring it by 18 s.
    expect(play(15_000, true, 0.5).backAt).toBeLessThanOrEqual(18_100);
  });

  it("fall back on the schedule's own slots when the browser's reloads never come", () => {
    // Chromium, but its reloads do not come (a minimised window): one check after each expected
    // reload, then the schedule's slots, never a burst.
    const { requests, backAt } = play(Number.POSITIVE_INFINITY, true, 0.5, 120_000, true);
    const checks = requests.filter((r) => r.by === 'check').map((r) => r.at);
    expect(checks[0]).toBe(2500);
    for (let i = 1; i < checks.length; i++) expect(checks[i]! - checks[i - 1]!).toBeGreaterThan(1000);
    expect(busiestMinute(requests)).toBeLessThanOrEqual(m.SITE_WINDOW_MAX);
    expect(backAt).toBeNull();
  });

  it('change nothing where the browser does not reload (Firefox) or the tab is hidden', () => {
    const plain = play(15_000, false, 0.5);
    // The schedule's own slots from 1.35 s on (jitter 0.5 of 20 %), nothing waits for a browser.
    expect(plain.requests[1]).toEqual({ at: 1350, by: 'check' });
    expect(plain.backAt).toBeLessThan(20_000);
    const ctx: m.Context = { now: T0, settings, random: () => 0.5, browserReloads: true };
    const hidden = m.loadCompleted(EMPTY_STATE, refused(false), ctx).state;
    const hiddenFirefox = m.loadCompleted(EMPTY_STATE, refused(false), {
      ...ctx,
      browserReloads: false,
    }).state;
    expect(hidden.origins[SITE]!.nextCheckAt).toBe(hiddenFirefox.origins[SITE]!.nextCheckAt);
  });

  it('count only loads we did not cause as the browser’s, which set its next reload', () => {
    const ctx = (at: number): m.Context => ({
      now: T0 + at,
      settings,
      random: () => 0.5,
      browserReloads: true,
    });
    let s = m.loadCompleted(EMPTY_STATE, refused(), ctx(0)).state;
    expect(s.tabs[1]?.pageLoads).toBeUndefined();
    // Nothing of ours in the browser's first short gap: the first check waits past its 1 s reload.
    expect(s.origins[SITE]!.nextCheckAt).toBe(T0 + 1000 + 1500);
    s = m.loadCompleted(s, refused(), ctx(1000)).state;
    expect(s.tabs[1]?.pageLoads).toBe(1);
    // Past its 5 s reload too.
    expect(s.origins[SITE]!.nextCheckAt).toBe(T0 + 6000 + 1500);
  });
});
