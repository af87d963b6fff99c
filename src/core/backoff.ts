/**
 * The wait before check number `attempt` (0-based) of a failing site.
 * Exponential with jitter that only shortens: base * factor^attempt, capped, then scaled by
 * (1 - jitter * random). Jitter never pushes a wait past the geometric curve, so the wait after the
 * site comes back stays near factor - 1 of the outage (see docs/DESIGN.md and BENCHMARKS.md).
 */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
  /** Fraction of the delay removed at random, 0..1. */
  jitter: number;
  /** Slots of the schedule per check: 1 checks at every slot, 2 at every other one. */
  stride: number;
}

/**
 * A site with a tab the visitor can see. The first check after 1.5 s (not 1 s): with 1 s, the eighth
 * check of a minute would come at 49 s and the site budget (8 a minute, room kept for the reload that
 * follows an answer) would hold it to 61 s, a wait of 90 % of a 32 s outage. From 1.5 s the checks
 * come at about 1.5, 3.8, 7.1, 12, 20, 31, 48, 74 s: in the model, a 95th-percentile wait after the
 * return of 55 % of the outage, 7 checks in a 60 s outage, 11 in 5 minutes (bench/schedule-model.ts).
 */
export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  baseMs: 1500,
  factor: 1.5,
  capMs: 120_000,
  jitter: 0.2,
  stride: 1,
});

/**
 * A site whose failing tabs are all in the background checks at every other slot of the visible
 * schedule (1.5, 7.1, 20, 48, 112 s...): 6 checks in 5 minutes against 11, and never a check the
 * visible schedule would not have made, so a visible tab is never back later than a hidden one would
 * be with the same draws (while the waits are under the cap). Switching to one of its tabs checks
 * within 3 s anyway.
 */
export const BACKGROUND_STRIDE = 2;

/**
 * The wait after a look at slot `slot` until the next one the policy checks at: the waits of the
 * slots it strides over, each with its own jitter draw, never past the cap.
 */
export function waitAfterSlotMs(
  slot: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  let wait = 0;
  for (let k = 1; k <= Math.max(1, policy.stride); k++) wait += backoffDelayMs(slot + k, policy, random);
  return Math.min(wait, policy.capMs);
}

/** `random` returns a number in [0, 1), like Math.random. */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const n = Math.max(0, Math.min(Math.floor(attempt), 1000));
  const raw = Math.min(policy.capMs, policy.baseMs * policy.factor ** n);
  return Math.max(0, Math.round(raw * (1 - policy.jitter * random())));
}
