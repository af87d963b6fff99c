/**
 * The engine's check schedule played out for other growth factors, with the engine's own
 * `backoffDelayMs` and a seeded random source (so BENCHMARKS.md is the same from run to run):
 * how many checks an outage costs and how long after the site's return the next check comes.
 * The first check waits `base`; each later one waits base × factor^attempts after the previous check.
 */
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from '../src/core/backoff.ts';
import { DEFAULT_SETTINGS } from '../src/core/settings.ts';
import { round } from './stats.ts';

/** Growth factors compared, the engine's default among them. */
export const MODEL_FACTORS = [...new Set([1.3, 1.45, 1.5, DEFAULT_BACKOFF.factor, 2, 2.5])].sort(
  (a, b) => a - b,
);
const DRAWS = 4000;

export interface FactorModel {
  factor: number;
  /** Median checks sent during an outage of each length (5, 15, 30, 60 s and 5 min). */
  checks: Record<number, number>;
  /** Mean over the four benchmark outage lengths of the mean wait after the return, as a share of the outage. */
  benchMeanShare: number;
  /** The same over outages spread evenly on a log scale from 5 s to 5 min, free of any one length's luck. */
  spreadMeanShare: number;
  /** The 95th-percentile wait after the return as a share of the outage, worst over outage lengths 10–300 s. */
  p95Share: number;
  /** When the last of the allowed attempts comes, in minutes after the first failure (no jitter). */
  givesUpAfterMin: number;
}

/** mulberry32: a small seeded generator, enough for a reproducible simulation. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks during an outage of `outageMs` from the first failure, and the wait from its end to the next check. */
function playOut(outageMs: number, policy: BackoffPolicy, random: () => number) {
  let at = backoffDelayMs(0, policy, random);
  let checks = 0;
  while (at < outageMs) {
    checks++;
    at += backoffDelayMs(checks, policy, random);
  }
  return { checks, waitMs: at - outageMs };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export const MODEL_OUTAGES_S = [5, 15, 30, 60, 300] as const;
const BENCH_OUTAGES_S = [5, 15, 30, 60];

export function modelFactor(factor: number): FactorModel {
  const policy = { ...DEFAULT_BACKOFF, factor };
  const random = seeded(42);
  const checks: Record<number, number> = {};
  for (const s of MODEL_OUTAGES_S) {
    checks[s] = quantile(
      Array.from({ length: DRAWS }, () => playOut(s * 1000, policy, random).checks),
      0.5,
    );
  }
  const meanShareAt = (s: number, draws: number) => {
    const waits = Array.from({ length: draws }, () => playOut(s * 1000, policy, random).waitMs);
    return waits.reduce((a, b) => a + b, 0) / waits.length / (s * 1000);
  };
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const spread = Array.from({ length: 60 }, (_, i) => 5 * 60 ** (i / 59));
  let p95Share = 0;
  for (let s = 10; s <= 300; s += 5) {
    const waits = Array.from({ length: DRAWS / 4 }, () => playOut(s * 1000, policy, random).waitMs);
    p95Share = Math.max(p95Share, quantile(waits, 0.95) / (s * 1000));
  }
  let givesUpAfterMs = 0;
  for (let n = 0; n < DEFAULT_SETTINGS.maxAttempts; n++)
    givesUpAfterMs += backoffDelayMs(n, { ...policy, jitter: 0 });
  return {
    factor,
    checks,
    benchMeanShare: round(mean(BENCH_OUTAGES_S.map((s) => meanShareAt(s, DRAWS))), 3),
    spreadMeanShare: round(mean(spread.map((s) => meanShareAt(s, DRAWS / 8))), 3),
    p95Share: round(p95Share, 3),
    givesUpAfterMin: round(givesUpAfterMs / 60_000, 1),
  };
}

export const modelFactors = (): FactorModel[] => MODEL_FACTORS.map(modelFactor);

/** Seconds after the first failure at which the default schedule checks, without jitter or check time. */
export function nominalCheckTimesS(count: number): string[] {
  const policy = { ...DEFAULT_BACKOFF, jitter: 0 };
  const times: string[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    at += backoffDelayMs(n, policy);
    times.push((at / 1000).toFixed(1).replace(/\.0$/, ''));
  }
  return times;
}
