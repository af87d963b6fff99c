import { describe, expect, it } from 'vitest';
import { budgetShift, mostInWindow, nominalCheckTimesS, playOut, seeded } from '../../bench/schedule-model';
import { quantile } from '../../bench/stats';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const SITE = 'http://site.test';
const RUN = 'run';

/**
 * The check times the state machine itself produces for one failing tab (visible or not) during an
 * outage, checks answering 502 at once: what the model must reproduce.
 */
function engineCheckTimes(outageMs: number, visible: boolean, random: () => number): number[] {
  const ctx = (now: number): m.Context => ({ now, settings: DEFAULT_SETTINGS, random });
  let state: RecoveryState = m.loadCompleted(
    EMPTY_STATE,
    { tabId: 1, url: `${SITE}/page`, method: 'GET', statusCode: 502, visible, windowId: 1 },
    ctx(0),
  ).state;
  const times: number[] = [];
  for (let guard = 0; guard < 200; guard++) {
    const at = state.origins[SITE]?.nextCheckAt;
    if (at === undefined || at >= outageMs) break;
    const started = m.startDueChecks(state, ctx(at), RUN);
    state = started.state;
    if (!started.effects.some((e) => e.type === 'probe')) continue; // moved by the budget
    times.push(at);
    state = m.checkFinished(state, { origin: SITE, runId: RUN, status: 502 }, ctx(at)).state;
  }
  return times;
}

describe('schedule model', () => {
  for (const visible of [true, false]) {
    for (const r of [0, 0.5, 0.999]) {
      it(`checks when the state machine does (${visible ? 'visible' : 'hidden'} tab, random ${r})`, () => {
        const policy = m.policyFor(DEFAULT_SETTINGS, visible);
        const model = playOut(20 * 60_000, policy, () => r).checkTimesMs;
        expect(model.length).toBeGreaterThan(5);
        expect(model).toEqual(engineCheckTimes(20 * 60_000, visible, () => r));
      });
    }
  }

  it('never sends more checks to a site in a minute than the budget allows, whatever the draws', () => {
    const random = seeded(3);
    for (const visible of [true, false]) {
      for (let i = 0; i < 200; i++) {
        const times = playOut(
          Number.POSITIVE_INFINITY,
          m.policyFor(DEFAULT_SETTINGS, visible),
          random,
        ).checkTimesMs;
        expect(times).toHaveLength(DEFAULT_SETTINGS.maxAttempts);
        expect(mostInWindow(times, m.SITE_WINDOW_MS)).toBeLessThanOrEqual(m.SITE_WINDOW_MAX);
      }
    }
  });

  it('measures the wait from the end of the outage to the next check, and none once the checks run out', () => {
    const policy = m.policyFor(DEFAULT_SETTINGS, true);
    const first = playOut(2000, policy, () => 0);
    expect(first.checkTimesMs).toEqual([1500]);
    expect(first.waitMs).toBe(1750); // next check at 1.5 + 2.25 s
    expect(playOut(Number.POSITIVE_INFINITY, policy, () => 0).waitMs).toBeNull();
  });

  it('gives the nominal check times of the two schedules, the hidden one sparser', () => {
    expect(nominalCheckTimesS(3)).toEqual(['1.5', '3.8', '7.1']);
    expect(nominalCheckTimesS(3, false)).toEqual(['1.5', '7.1', '19.8']);
  });

  it('checks a hidden site only at moments the visible schedule checks too (same jitter, under the cap)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const visible = engineCheckTimes(110_000, true, seeded(seed));
      const hidden = engineCheckTimes(110_000, false, seeded(seed));
      expect(hidden.length).toBeLessThan(visible.length);
      expect(hidden.every((t) => visible.includes(t))).toBe(true);
    }
  });

  it('counts the most entries in any window, closed at its end', () => {
    expect(mostInWindow([], 60)).toBe(0);
    expect(mostInWindow([0, 10, 60, 61], 60)).toBe(3);
    expect(mostInWindow([0, 59, 60, 200], 60)).toBe(2);
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(3);
    expect(quantile([5], 0.95)).toBe(5);
    expect(
      quantile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(20);
    expect(() => quantile([], 0.5)).toThrow();
  });
});

describe('budget shift', () => {
  it('names the first check the budget moves: sent when an earlier check leaves the window', () => {
    for (const visible of [true, false]) {
      const shift = budgetShift(visible);
      const times = nominalCheckTimesS(m.SITE_WINDOW_MAX * 3, visible).map(Number);
      if (shift === null) {
        expect(
          mostInWindow(
            times.map((t) => t * 1000),
            m.SITE_WINDOW_MS,
          ),
        ).toBeLessThan(m.SITE_WINDOW_MAX);
        continue;
      }
      expect(shift.atS).toBeGreaterThan(shift.dueS);
      expect(times[shift.n - 1]).toBeCloseTo(shift.atS, 1);
      expect(
        times.slice(0, shift.n - 1).some((t) => Math.abs(t + m.SITE_WINDOW_MS / 1000 - shift.atS) < 0.1),
      ).toBe(true);
    }
    // The hidden schedule is too sparse for the budget to matter.
    expect(budgetShift(false)).toBeNull();
  });
});
