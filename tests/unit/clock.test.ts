import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { stateFromItems, stateItems } from '../../src/core/state-items';

const RUN = 'run-1';
const SITE = 'https://shop.example';
const URL = `${SITE}/cart`;
const T0 = Date.parse('2026-12-07T10:00:00Z');
const HOUR = 3_600_000;
const ctx = (now: number): m.Context => ({ now, settings: DEFAULT_SETTINGS, random: () => 0.5 });
/** The site's own clock, right on real time. */
const dateAt = (real: number) => new Date(real).toUTCString();
const failing = (tabId = 1, statusCode = 502): m.LoadCompleted => ({
  tabId,
  url: URL,
  method: 'GET',
  statusCode,
  headers: [],
  visible: true,
  windowId: 1,
});

/** A load of the tab as the glue dispatches it: the site's Date read with it. */
const load = (s: RecoveryState, wall: number, real: number, statusCode = 502) =>
  m.withServerDate(SITE, dateAt(real), (state, c) => m.loadCompleted(state, failing(1, statusCode), c))(
    s,
    ctx(wall),
  );

/** A check of the site, started when due and answered at once, with the site's Date. */
function check(s: RecoveryState, wall: number, real: number, status: number) {
  const started = m.startDueChecks(s, ctx(wall), RUN);
  const probes = started.effects.filter((e) => e.type === 'probe');
  const finish = m.withServerDate(SITE, dateAt(real), (state, c) =>
    m.checkFinished(state, { origin: SITE, runId: RUN, status }, c),
  );
  const answered = probes.length ? finish(started.state, ctx(wall)) : { state: started.state, effects: [] };
  return { probes, ...answered };
}

/** An outage of one tab whose site has been checked once (with a Date each time). */
function outage(): RecoveryState {
  const s = load(EMPTY_STATE, T0, T0).state;
  return check(s, T0 + 1_350, T0 + 1_350, 502).state;
}

describe('clock steps: a sleep is elapsed time, a clock set forward moves stored times', () => {
  it('a one-hour sleep: due checks run at once, nothing moves, and the outage is recorded as an hour', () => {
    let s = outage();
    const before = s;
    // The machine sleeps an hour: wall and real time both move on, the monotonic clock does not.
    const wake = T0 + 1_350 + HOUR;
    s = m.clockStepped(s, HOUR, wake);
    expect(s.step).toEqual({ by: HOUR, at: wake });
    const back = check(s, wake, wake, 200);
    expect(back.probes).toHaveLength(1);
    // The site's clock moved as much as ours: a sleep. Nothing stored before it moved.
    expect(back.state.step).toBeUndefined();
    expect(back.state.tabs[1]!.startedAt).toBe(T0);
    // The requests before the sleep are an hour old: only this check and its reload are in the budget.
    expect(back.state.origins[SITE]!.requests.every((at) => at >= wake)).toBe(true);
    expect(before.origins[SITE]!.requests.length).toBeGreaterThan(0);
    const reload = back.effects.find((e) => e.type === 'reload');
    expect(reload).toMatchObject({ tabId: 1 });
    const done = load(back.state, wake + 300, wake + 300, 200);
    const record = done.effects.find((e) => e.type === 'record');
    expect(record?.type === 'record' && record.incident.endedAt - record.incident.startedAt).toBeGreaterThan(
      HOUR,
    );
  });

  it('a clock set forward an hour while awake: every time stored before the step moves with it', () => {
    let s = outage();
    const before = s;
    const real = T0 + 5_000; // five seconds really passed
    const wall = real + HOUR; // but the clock says an hour and five seconds
    s = m.clockStepped(s, HOUR, wall);
    const checked = check(s, wall, real, 502);
    // The provisional reading made the check due at once; the site's Date then told the change apart.
    expect(checked.probes).toHaveLength(1);
    const after = checked.state;
    expect(after.step).toBeUndefined();
    expect(after.tabs[1]!.startedAt).toBe(T0 + HOUR);
    const requests = after.origins[SITE]!.requests;
    // The requests before the step moved with the clock; the one sent since is on the new clock.
    expect(requests).toEqual([...before.origins[SITE]!.requests.map((at) => at + HOUR), wall]);
    // The next check waits as the schedule says, from this check, in the new clock.
    expect(after.origins[SITE]!.nextCheckAt).toBeGreaterThan(wall);
    expect(after.origins[SITE]!.nextCheckAt).toBeLessThan(wall + 10_000);
    // Back a few seconds later: the incident lasted seconds, not an hour.
    const ok = check(after, after.origins[SITE]!.nextCheckAt, real + 8_000, 200);
    const done = load(ok.state, ok.state.origins[SITE]!.nextCheckAt + 200, real + 9_000, 200);
    const record = done.effects.find((e) => e.type === 'record');
    expect(record?.type === 'record' && record.incident.endedAt - record.incident.startedAt).toBeLessThan(
      60_000,
    );
  });

  it('a clock set back moves every stored time at once', () => {
    const s = outage();
    const moved = m.shiftClock(s, -HOUR);
    expect(moved.tabs[1]!.startedAt).toBe(T0 - HOUR);
    expect(moved.origins[SITE]!.nextCheckAt).toBe(s.origins[SITE]!.nextCheckAt - HOUR);
    expect(moved.origins[SITE]!.serverDate!.at).toBe(s.origins[SITE]!.serverDate!.at - HOUR);
  });

  it('until the step is told apart, the site budget counts it as no time passed', () => {
    let s = outage();
    const o = s.origins[SITE]!;
    const now = T0 + 30_000;
    // Eight requests in the last half minute: the budget is full.
    s = {
      ...s,
      origins: { [SITE]: { ...o, requests: Array.from({ length: 8 }, (_, i) => now - 8_000 + i * 1_000) } },
    };
    const stepped = m.clockStepped(s, 5 * 60_000, now + 5 * 60_000);
    // Taken as elapsed time, the check is due; the budget still says no, whatever the step was.
    expect(m.startDueChecks(stepped, ctx(now + 5 * 60_000), RUN).effects).toEqual([]);
    // A site's Date then tells a sleep: the requests are back at their times and the check goes out.
    const settled = m.readServerDate(stepped, SITE, dateAt(now + 5 * 60_000), now + 5 * 60_000);
    expect(settled.origins[SITE]!.requests).toEqual(s.origins[SITE]!.requests);
    expect(m.startDueChecks(settled, ctx(now + 5 * 60_000), RUN).effects).toHaveLength(1);
    // A site cooling down is kept until its requests have left the window.
    const cooling = { ...s, origins: { [SITE]: { ...s.origins[SITE]!, forgetAt: now + 1_000 } } };
    expect(m.clockStepped(cooling, HOUR, now + HOUR).origins[SITE]!.forgetAt).toBe(
      now + HOUR + m.SITE_WINDOW_MS,
    );
  });

  it('only a Date read before the step tells it apart; a cache answer counts its Age', () => {
    const s = outage();
    const wake = T0 + 2_000 + HOUR;
    const stepped = m.clockStepped(s, HOUR, wake);
    // A reading taken since the step (the one this check records) settles nothing by itself.
    const fresh = m.readServerDate({ ...stepped, origins: {} }, SITE, dateAt(wake), wake);
    expect(fresh).toEqual({ ...stepped, origins: {} });
    // A cached answer: its Date is an hour old, its Age says so; still a sleep.
    const cached = m.readServerDate(stepped, SITE, dateAt(wake - HOUR), wake, 3600);
    expect(cached.step).toBeUndefined();
    expect(cached.tabs[1]!.startedAt).toBe(T0);
    // A missing or unreadable Date leaves the step open.
    expect(m.readServerDate(stepped, SITE, 'soon', wake).step).toEqual(stepped.step);
    // With no site left to tell, the step goes.
    expect(m.withoutIdleStep({ ...stepped, tabs: {}, origins: {} }).step).toBeUndefined();
    expect(m.withoutIdleStep(stepped)).toBe(stepped);
  });

  it('an open step survives the worker: it is stored with the state', () => {
    const stepped = m.clockStepped(outage(), HOUR, T0 + HOUR);
    const { state } = stateFromItems(stateItems(stepped));
    expect(state.step).toEqual({ by: HOUR, at: T0 + HOUR });
    expect(state.origins[SITE]!.serverDate).toEqual(stepped.origins[SITE]!.serverDate);
  });
});
