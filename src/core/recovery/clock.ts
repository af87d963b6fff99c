/**
 * The wall clock against elapsed time. Every stored time is wall-clock (`Date.now()`); when the
 * clock itself is changed, every stored time moves with it, so no wait grows or shrinks. A sleep is
 * not a change: the time passed, and stored times stay (see docs/DESIGN.md "Clock changes").
 */
import type { ClockStep, OriginSchedule, RecoveryState, TabRecovery } from '../recovery-state';
import { parseHttpDate } from '../retry-after';
import { type Context, type Result, SITE_WINDOW_MS } from './context';

/** Jumps smaller than this are ordinary timer and clock noise. */
export const CLOCK_JUMP_MS = 2_000;

type Move = (at: number) => number;

const keep: Move = (at) => at;
const moveOrNull = (at: number | null, move: Move) => (at === null ? null : move(at));

/** How each stored time moves: the site budget's request times, and every other. */
interface Moves {
  times: Move;
  budget: Move;
}

function shiftSchedule(o: OriginSchedule, { times: move, budget }: Moves): OriginSchedule {
  return {
    ...o,
    nextCheckAt: move(o.nextCheckAt),
    notBefore: move(o.notBefore),
    checkingSince: moveOrNull(o.checkingSince, move),
    forgetAt: moveOrNull(o.forgetAt, move),
    requests: o.requests.map(budget),
    startedAt: move(o.startedAt),
    lastCheck: o.lastCheck && { ...o.lastCheck, at: move(o.lastCheck.at) },
    checks: o.checks.map((c) => ({ ...c, at: move(c.at) })),
    ...(o.serverDate && { serverDate: { ...o.serverDate, at: move(o.serverDate.at) } }),
  };
}

function shiftTab(t: TabRecovery, move: Move): TabRecovery {
  return {
    ...t,
    startedAt: move(t.startedAt),
    reloadedAt: moveOrNull(t.reloadedAt, move),
    lastLoadAt: move(t.lastLoadAt),
  };
}

function shiftTimes(state: RecoveryState, moves: Moves): RecoveryState {
  return {
    ...state,
    clock: state.clock === undefined ? undefined : moves.times(state.clock),
    ...(state.step && { step: { ...state.step, at: moves.times(state.step.at) } }),
    // The end of a quiet minute is a budget time: it moves with the request times.
    ...(state.quiet !== undefined && { quiet: moves.budget(state.quiet) }),
    tabs: Object.fromEntries(Object.entries(state.tabs).map(([k, t]) => [k, shiftTab(t, moves.times)])),
    origins: Object.fromEntries(Object.entries(state.origins).map(([k, o]) => [k, shiftSchedule(o, moves)])),
  };
}

/** Times before `before` (read on the clock before a jump) move by `by`; those since are on the new clock. */
const earlierBy =
  (by: number, before: number): Move =>
  (at) =>
    at < before ? at + by : at;

/** Moves every stored time by `by` ms (the size of the clock's jump). */
export function shiftClock(state: RecoveryState, by: number): RecoveryState {
  if (by === 0) return state;
  const move: Move = (at) => at + by;
  return shiftTimes(state, { times: move, budget: move });
}

/**
 * The wall clock stepped forward by `by` against the monotonic one: either the machine slept (Linux
 * and macOS do not count a suspend in `performance.now()`) or the clock was set forward. The two look
 * the same from inside; it is taken as elapsed time (a sleep: due checks run) until a site's `Date`
 * tells them apart (`readServerDate`). Meanwhile the site budget alone takes it as a clock change
 * (its request times move with the step, and a site cooling down is kept at least one more budget
 * window), so a clock set forward never frees requests early.
 */
export function clockStepped(state: RecoveryState, by: number, now: number): RecoveryState {
  if (Object.keys(state.origins).length === 0) return state;
  const moved = shiftTimes(state, { times: keep, budget: earlierBy(by, now) });
  const origins = Object.fromEntries(
    Object.entries(moved.origins).map(([k, o]) => [
      k,
      o.forgetAt === null ? o : { ...o, forgetAt: Math.max(o.forgetAt, now + SITE_WINDOW_MS) },
    ]),
  );
  return { ...moved, origins, step: { by: (state.step?.by ?? 0) + by, at: state.step?.at ?? now } };
}

/** The step was a sleep: the budget's request times go back to what they were. */
const slept = (state: RecoveryState, step: ClockStep) =>
  shiftTimes(state, { times: keep, budget: earlierBy(-step.by, step.at) });

/** The step was the clock set forward: every other time stored before it moves too. */
const setForward = (state: RecoveryState, step: ClockStep) =>
  shiftTimes(state, { times: earlierBy(step.by, step.at), budget: keep });

/** A step with no site left to tell it apart is dropped; the request times it moved went with the sites. */
export function withoutIdleStep(state: RecoveryState): RecoveryState {
  if (!state.step || Object.keys(state.origins).length > 0) return state;
  const { step: _, ...rest } = state;
  return rest;
}

/**
 * A site's `Date` (plus `Age` from a cache) against the local clock. Servers keep their clocks through
 * the visitor's sleep: if the local clock moved against the site's by about the step, the clock was
 * set forward and the times stored before the step move with it; if it did not move, the step was a
 * sleep and stays elapsed time. Only a reading from before the step can tell; then the step is settled.
 */
export function readServerDate(
  state: RecoveryState,
  origin: string,
  date: string | null | undefined,
  now: number,
  ageSeconds = 0,
): RecoveryState {
  const served = parseHttpDate(date);
  const o = state.origins[origin];
  if (served === null || !o) return state;
  const server = served + (Number.isFinite(ageSeconds) ? Math.max(0, ageSeconds) * 1000 : 0);
  let s = state;
  const { step, ...rest } = state;
  const earlier = o.serverDate;
  if (step && earlier && earlier.at < step.at) {
    const moved = now - server - (earlier.at - earlier.date);
    s = moved > step.by / 2 ? setForward(rest, step) : slept(rest, step);
  }
  const current = s.origins[origin] ?? o;
  return { ...s, origins: { ...s.origins, [origin]: { ...current, serverDate: { at: now, date: server } } } };
}

/** The transition after the site's `Date` was read: a clock step it settles is applied before the event. */
export function withServerDate(
  origin: string,
  date: string | null | undefined,
  next: (state: RecoveryState, ctx: Context) => Result,
  ageSeconds = 0,
): (state: RecoveryState, ctx: Context) => Result {
  return (state, ctx) => {
    const settled = readServerDate(state, origin, date, ctx.now, ageSeconds);
    const result = next(settled, ctx);
    // A site the event has just started is read after it, for the next step.
    const o = result.state.origins[origin];
    if (!o || o.serverDate) return result;
    return { ...result, state: readServerDate(result.state, origin, date, ctx.now, ageSeconds) };
  };
}
