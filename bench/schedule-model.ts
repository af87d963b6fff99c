/**
 * The engine's check schedule played out with its own pieces — `backoffDelayMs`, `policyFor`, the
 * site budget's `budgetFreeAt`/`spend`, `maxAttempts` — for the visible factor, the background
 * factor and a few others for comparison, with a seeded random source (so BENCHMARKS.md is the same
 * from run to run): how many checks an outage costs and how long after the site's return the next
 * check comes. tests/unit/schedule-model.test.ts checks the play-out against the state machine.
 * Left out: the time a check takes (milliseconds on a local site) and the reload after the answer.
 */
import { type BackoffPolicy, backoffDelayMs, waitAfterSlotMs } from '../src/core/backoff.ts';
import { type Context, policyFor, SITE_WINDOW_MAX, SITE_WINDOW_MS } from '../src/core/recovery/context.ts';
import { budgetFreeAt, newSchedule, spend, withSchedule } from '../src/core/recovery/incident.ts';
import { EMPTY_STATE } from '../src/core/recovery-state.ts';
import { DEFAULT_SETTINGS } from '../src/core/settings.ts';
import { quantile, round } from './stats.ts';

export const VISIBLE_FACTOR = policyFor(DEFAULT_SETTINGS, true).factor;
/** Slots per check with every tab hidden: every other check of the visible schedule. */
export const HIDDEN_STRIDE = policyFor(DEFAULT_SETTINGS, false).stride;

/** Growth factors compared: the engine's, the old default (1.6) and neighbours. */
export const MODEL_FACTORS = [...new Set([1.3, 1.45, VISIBLE_FACTOR, 1.6, 2])].sort((a, b) => a - b);
const DRAWS = 4000;

export const MODEL_OUTAGES_S = [5, 15, 30, 60, 300] as const;
/** The lengths every layout is measured at in a full run, for the mean at "the benchmark's lengths". */
const BENCH_OUTAGES_S = [5, 15, 30, 60];

export interface FactorModel {
  factor: number;
  /** Slots per check: 1, or the background schedule's every other slot. */
  stride: number;
  /** Which schedule of the engine this factor is, if any. */
  role: 'visible' | 'background' | null;
  /** Median checks sent during an outage of each length (5, 15, 30, 60 s and 5 min). */
  checks: Record<number, number>;
  /** Mean over the four benchmark outage lengths of the mean wait after the return, as a share of the outage. */
  benchMeanShare: number;
  /** The same over outages spread evenly on a log scale from 5 s to 5 min, free of any one length's luck. */
  spreadMeanShare: number;
  /** The 95th-percentile wait after the return as a share of the outage, worst over outage lengths 10–300 s. */
  p95Share: number;
  /** Most checks in any 60 s of a permanent outage (the site budget caps it at SITE_WINDOW_MAX). */
  mostIn60s: number;
  /** When the last of the allowed checks comes, in minutes after the first failure (no jitter). */
  givesUpAfterMin: number;
}

/** Visible against background schedule at one outage length. */
export interface VersusModel {
  outageS: number;
  /** Share of draws where the visible tab's next check after the return comes first. */
  visibleFirst: number;
  /** Share of draws where it comes no later than the background tab's. */
  visibleNotLater: number;
  visibleMeanWaitS: number;
  backgroundMeanWaitS: number;
  visibleChecks: number;
  backgroundChecks: number;
}

export interface ScheduleModel {
  factors: FactorModel[];
  versus: VersusModel[];
}

/** mulberry32: a small seeded generator, enough for a reproducible simulation. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CTX: Context = { now: 0, settings: DEFAULT_SETTINGS, random: () => 0 };
/** A fresh site schedule, for the budget's bookkeeping only. */
const FRESH = newSchedule(
  { origin: 'http://model.test', url: 'http://model.test/', visible: true, windowId: 1 },
  CTX,
  null,
);

export interface PlayOut {
  /** When each check during the outage was sent, ms after the first failure. */
  checkTimesMs: number[];
  /** From the end of the outage to the next check; null: the checks ran out first (gave up). */
  waitMs: number | null;
}

/**
 * Checks from the first failure until the outage of `outageMs` ends (or the allowed checks run
 * out), as the engine sends them to one site with fetch checks: the wait after each failed check,
 * never past the budget, which keeps room for the check and the reload that follows an answer.
 */
export function playOut(outageMs: number, policy: BackoffPolicy, random: () => number): PlayOut {
  let o = FRESH;
  const checkTimesMs: number[] = [];
  let at = backoffDelayMs(0, policy, random);
  for (let slot = 0; ; slot += policy.stride) {
    at = budgetFreeAt(withSchedule(EMPTY_STATE, o), o, at);
    if (at >= outageMs) return { checkTimesMs, waitMs: at - outageMs };
    if (checkTimesMs.length >= DEFAULT_SETTINGS.maxAttempts) return { checkTimesMs, waitMs: null };
    o = spend(o, at);
    checkTimesMs.push(at);
    at += waitAfterSlotMs(slot, policy, random);
  }
}

/** Most entries of sorted `times` in any window of `windowMs` (closed at its end, like the budget). */
export function mostInWindow(times: number[], windowMs: number): number {
  let most = 0;
  let from = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[from]! <= times[i]! - windowMs) from++;
    most = Math.max(most, i - from + 1);
  }
  return most;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
/** A draw that gave up never recovers: longer than any wait. */
const waitOrNever = (p: PlayOut) => p.waitMs ?? Number.POSITIVE_INFINITY;
const policyWith = (factor: number, stride: number): BackoffPolicy => ({
  ...policyFor(DEFAULT_SETTINGS, true),
  factor,
  stride,
});

export function modelFactor(factor: number, stride = 1): FactorModel {
  const policy = policyWith(factor, stride);
  const random = seeded(42);
  const checks: Record<number, number> = {};
  for (const s of MODEL_OUTAGES_S) {
    const counts = Array.from({ length: DRAWS }, () => playOut(s * 1000, policy, random).checkTimesMs.length);
    checks[s] = quantile(counts, 0.5);
  }
  const meanShareAt = (s: number, draws: number) =>
    mean(Array.from({ length: draws }, () => waitOrNever(playOut(s * 1000, policy, random)))) / (s * 1000);
  const spread = Array.from({ length: 60 }, (_, i) => 5 * 60 ** (i / 59));
  let p95Share = 0;
  for (let s = 10; s <= 300; s += 5) {
    const waits = Array.from({ length: DRAWS / 4 }, () => waitOrNever(playOut(s * 1000, policy, random)));
    p95Share = Math.max(p95Share, quantile(waits, 0.95) / (s * 1000));
  }
  let mostIn60s = 0;
  for (let n = 0; n < DRAWS / 8; n++) {
    const { checkTimesMs } = playOut(Number.POSITIVE_INFINITY, policy, random);
    mostIn60s = Math.max(mostIn60s, mostInWindow(checkTimesMs, SITE_WINDOW_MS));
  }
  const nominal = playOut(Number.POSITIVE_INFINITY, policy, () => 0).checkTimesMs;
  const engine = factor === VISIBLE_FACTOR;
  return {
    factor,
    stride,
    role: engine && stride === 1 ? 'visible' : engine && stride === HIDDEN_STRIDE ? 'background' : null,
    checks,
    benchMeanShare: round(mean(BENCH_OUTAGES_S.map((s) => meanShareAt(s, DRAWS))), 3),
    spreadMeanShare: round(mean(spread.map((s) => meanShareAt(s, DRAWS / 8))), 3),
    p95Share: round(p95Share, 3),
    mostIn60s,
    givesUpAfterMin: round(nominal.at(-1)! / 60_000, 1),
  };
}

/** The visible and the background schedule side by side, with the same random draws for both. */
export function modelVersus(): VersusModel[] {
  const visible = policyFor(DEFAULT_SETTINGS, true);
  const hidden = policyFor(DEFAULT_SETTINGS, false);
  return MODEL_OUTAGES_S.map((s) => {
    // Each pair draws from its own generator, seeded alike: the same jitter for both schedules.
    const pairs = Array.from({ length: DRAWS }, (_, i) => [
      playOut(s * 1000, visible, seeded(7 + i)),
      playOut(s * 1000, hidden, seeded(7 + i)),
    ]);
    const waitS = (i: 0 | 1) => round(mean(pairs.map((p) => waitOrNever(p[i]!))) / 1000, 1);
    const checks = (i: 0 | 1) =>
      quantile(
        pairs.map((p) => p[i]!.checkTimesMs.length),
        0.5,
      );
    return {
      outageS: s,
      visibleFirst: round(mean(pairs.map(([v, b]) => (waitOrNever(v!) < waitOrNever(b!) ? 1 : 0))), 3),
      visibleNotLater: round(mean(pairs.map(([v, b]) => (waitOrNever(v!) <= waitOrNever(b!) ? 1 : 0))), 3),
      visibleMeanWaitS: waitS(0),
      backgroundMeanWaitS: waitS(1),
      visibleChecks: checks(0),
      backgroundChecks: checks(1),
    };
  });
}

export const scheduleModel = (): ScheduleModel => ({
  factors: [...MODEL_FACTORS.map((f) => modelFactor(f)), modelFactor(VISIBLE_FACTOR, HIDDEN_STRIDE)],
  versus: modelVersus(),
});

/** The first wait (1-based, between checks) that the cap holds, without jitter. */
export function cappedFromWait(visible = true): number {
  const times = playOut(Number.POSITIVE_INFINITY, policyFor(DEFAULT_SETTINGS, visible), () => 0).checkTimesMs;
  const capMs = DEFAULT_SETTINGS.maxDelaySeconds * 1000;
  const i = times.findIndex((t, k) => k > 0 && t - times[k - 1]! >= capMs);
  return i < 0 ? times.length : i;
}

/** Seconds after the first failure at which the engine checks a site, without jitter or check time. */
export function nominalCheckTimesS(count: number, visible = true): string[] {
  return playOut(Number.POSITIVE_INFINITY, policyFor(DEFAULT_SETTINGS, visible), () => 0)
    .checkTimesMs.slice(0, count)
    .map((ms) => (ms / 1000).toFixed(1).replace(/\.0$/, ''));
}

/** The budget, for the texts: at most this many requests to a site in any minute. */
export const BUDGET = { max: SITE_WINDOW_MAX, windowS: SITE_WINDOW_MS / 1000 };

/**
 * Where the budget first moves the jitter-free schedule: check number `n` (1-based), due at `dueS`
 * after the first failure, sent at `atS`; null if the budget never moves it within the allowed checks.
 */
export function budgetShift(visible = true): { n: number; dueS: number; atS: number } | null {
  const policy = policyFor(DEFAULT_SETTINGS, visible);
  const sent = playOut(Number.POSITIVE_INFINITY, policy, () => 0).checkTimesMs;
  let due = 0;
  for (let i = 0; i < sent.length; i++) {
    due =
      i === 0
        ? backoffDelayMs(0, policy, () => 0)
        : sent[i - 1]! + waitAfterSlotMs((i - 1) * policy.stride, policy, () => 0);
    if (sent[i]! > due) return { n: i + 1, dueS: round(due / 1000, 1), atS: round(sent[i]! / 1000, 1) };
  }
  return null;
}
