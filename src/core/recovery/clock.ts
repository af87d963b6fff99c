/** The wall clock was set back or forward: every stored time moves with it, so no wait grows or shrinks. */
import type { OriginSchedule, RecoveryState, TabRecovery } from '../recovery-state';

/** Jumps smaller than this are ordinary timer and clock noise. */
export const CLOCK_JUMP_MS = 2_000;

const shift = (at: number | null, by: number) => (at === null ? null : at + by);

function shiftSchedule(o: OriginSchedule, by: number): OriginSchedule {
  return {
    ...o,
    nextCheckAt: o.nextCheckAt + by,
    notBefore: o.notBefore + by,
    checkingSince: shift(o.checkingSince, by),
    forgetAt: shift(o.forgetAt, by),
    requests: o.requests.map((at) => at + by),
    startedAt: o.startedAt + by,
    lastCheck: o.lastCheck && { ...o.lastCheck, at: o.lastCheck.at + by },
    checks: o.checks.map((c) => ({ ...c, at: c.at + by })),
  };
}

function shiftTab(t: TabRecovery, by: number): TabRecovery {
  return {
    ...t,
    startedAt: t.startedAt + by,
    reloadedAt: shift(t.reloadedAt, by),
    lastLoadAt: t.lastLoadAt + by,
  };
}

/** Moves every stored time by `by` ms (the size of the clock's jump). */
export function shiftClock(state: RecoveryState, by: number): RecoveryState {
  if (by === 0) return state;
  return {
    ...state,
    clock: state.clock === undefined ? undefined : state.clock + by,
    tabs: Object.fromEntries(Object.entries(state.tabs).map(([k, t]) => [k, shiftTab(t, by)])),
    origins: Object.fromEntries(Object.entries(state.origins).map(([k, o]) => [k, shiftSchedule(o, by)])),
  };
}
