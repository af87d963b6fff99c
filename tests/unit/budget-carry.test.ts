import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { withLimit } from '../../src/core/recovery/incident';
import { EMPTY_STATE } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { stateFromItems, stateItems } from '../../src/core/state-items';

const T0 = 1_000_000;
const SITE = 'https://shop.example';
const ctx = (now: number, maxAttempts = 10): m.Context => ({
  now,
  settings: { ...DEFAULT_SETTINGS, maxAttempts },
  random: () => 0.5,
});
const failing = (tabId: number, incognito = false) => ({
  tabId,
  url: `${SITE}/cart`,
  method: 'GET',
  statusCode: 502,
  visible: true,
  windowId: incognito ? 9 : 1,
  ...(incognito && { incognito }),
});

describe('the site budget across an update', () => {
  it('keeps only the last minute of normal sites, and of a private one only when its minute ends', () => {
    const normal = m.loadCompleted(EMPTY_STATE, failing(1), ctx(T0)).state;
    const both = m.loadCompleted(normal, failing(2, true), ctx(T0)).state;
    const spent = m.startDueChecks(both, ctx(T0 + 5_000), 'run').state;
    const carried = m.budgetToCarry(spent);
    expect(carried.sites).toEqual({ [SITE]: [T0 + 5_000] });
    expect(JSON.stringify(carried)).not.toContain('private');
    // The private schedule's check (at the same time) is named by the end of its minute only.
    expect(carried.quiet).toBe(T0 + 5_000 + m.SITE_WINDOW_MS);
  });

  it('reads back only recent, well-formed times', () => {
    const raw = {
      sites: { [SITE]: [T0 - 70_000, T0 - 1_000, 'x'], 'https://old.example': [T0 - 61_000] },
      quiet: T0 + 5,
    };
    expect(m.readCarriedBudget(raw, T0)).toEqual({ sites: { [SITE]: [T0 - 1_000] }, quiet: T0 + 5 });
    expect(m.readCarriedBudget('nonsense', T0)).toEqual({ sites: {} });
    // Written at T0 + 90 s on a clock set back by 90 s since: every time moves back with it.
    const ahead = { sites: { [SITE]: [T0 + 80_000, T0 + 90_000] }, clock: T0 + 90_000 };
    expect(m.readCarriedBudget(ahead, T0)).toEqual({ sites: { [SITE]: [T0 - 10_000, T0] } });
  });

  it('takes the times in as an idle schedule of the site: no address, no count, gone after the minute', () => {
    const times = [T0 - 30_000, T0 - 20_000, T0 - 10_000, T0 - 5_000, T0 - 4_000, T0 - 3_000, T0 - 2_000];
    const { state } = m.budgetCarried(EMPTY_STATE, { sites: { [SITE]: times } }, ctx(T0));
    expect(state.origins[SITE]).toMatchObject({
      probeUrl: SITE,
      attempts: 0,
      requests: times,
      forgetAt: T0 + m.SITE_WINDOW_MS,
    });
    // A tab failing now waits for room in the site's minute.
    const failed = m.loadCompleted(state, failing(1), ctx(T0)).state;
    expect(m.startDueChecks(failed, ctx(T0 + 2_000), 'run').effects).toEqual([]);
    expect(failed.origins[SITE]!.requests).toEqual(times);
  });

  it("holds every site until the end of a private site's minute, and keeps that end through storage", () => {
    const { state } = m.budgetCarried(EMPTY_STATE, { sites: {}, quiet: T0 + 30_000 }, ctx(T0));
    const failed = m.loadCompleted(state, failing(1), ctx(T0)).state;
    const due = m.startDueChecks(failed, ctx(T0 + 5_000), 'run');
    expect(due.effects).toEqual([]);
    expect(due.state.origins[SITE]!.nextCheckAt).toBe(T0 + 30_000);
    expect(m.startDueChecks(due.state, ctx(T0 + 30_000), 'run').effects).toHaveLength(1);
    expect(stateFromItems(stateItems(failed)).state.quiet).toBe(T0 + 30_000);
  });
});

describe('a change of the limit of checks', () => {
  it('moves the allowance by the change, keeps what "Try again" added, never below the checks made', () => {
    const o = { ...m.budgetCarried(EMPTY_STATE, { sites: { [SITE]: [T0] } }, ctx(T0)).state.origins[SITE]! };
    expect(withLimit({ ...o, attempts: 12, allowance: 20, limit: 10 }, ctx(T0, 3).settings)).toMatchObject({
      allowance: 13,
      limit: 3,
    });
    expect(withLimit({ ...o, attempts: 8, allowance: 10, limit: 10 }, ctx(T0, 3).settings)).toMatchObject({
      allowance: 8,
    });
    expect(withLimit({ ...o, attempts: 2, allowance: 3, limit: 3 }, ctx(T0, 10).settings).allowance).toBe(10);
  });
});
