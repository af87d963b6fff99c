/**
 * The wait before check number `attempt` (0-based) of a failing site.
 * Exponential with ±jitter: base * factor^attempt, capped, then scaled by 1 ± jitter.
 * With factor 1.6 the worst-case delay after the site comes back is about 60 % of the outage and
 * the mean about 30 %, while a 60 s outage costs 8 checks (see BENCHMARKS.md).
 */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
  /** Fraction of the delay added or removed at random, 0..1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  baseMs: 1000,
  factor: 1.6,
  capMs: 120_000,
  jitter: 0.2,
});

/** `random` returns a number in [0, 1), like Math.random. */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const n = Math.max(0, Math.min(Math.floor(attempt), 1000));
  const raw = Math.min(policy.capMs, policy.baseMs * policy.factor ** n);
  const spread = raw * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.capMs, raw + spread)));
}
