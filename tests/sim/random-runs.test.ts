/**
 * Random sequences of everything that can happen around failing pages, played against the real
 * background in the simulated browser, with every invariant (invariants.ts) checked after each step.
 * `npm test` plays a fixed number; `npm run soak` plays many more (SIM_RUNS) and prints the seed and
 * path of a failure, which SIM_SEED and SIM_PATH replay.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { brokenInvariants, Seen } from './invariants';
import { Simulation } from './simulation';
import { applyStep, type Step, setUpSites, stepArb, waitArb } from './steps';

const RUNS = Number(process.env.SIM_RUNS ?? 60);
const STEPS = Number(process.env.SIM_STEPS ?? 30);
/** `npm test` plays the same sequences every time; the soak draws new ones (SIM_SEED=random). */
const SEED_ENV = process.env.SIM_SEED ?? '21';
const SEED = SEED_ENV === 'random' ? undefined : Number(SEED_ENV);

/** What the sequences did in all, printed by the soak. */
const played = { steps: 0, requests: 0, reloads: 0, browserReloads: 0, incidents: 0, recovered: 0 };

/** Plays one sequence; throws with the broken invariants and the steps so far. */
async function play(
  flavor: 'chromium' | 'firefox',
  jitterSeed: number,
  steps: [Step, number][],
): Promise<void> {
  const sim = await Simulation.start(jitterSeed, flavor);
  try {
    await setUpSites(sim);
    const seen = new Seen();
    for (const [i, [step, wait]] of steps.entries()) {
      await applyStep(sim, step);
      await sim.settle(wait);
      const broken = await brokenInvariants(sim, seen);
      if (broken.length > 0)
        throw new Error(`after step ${i} (${JSON.stringify(step)}):\n${broken.join('\n')}`);
    }
  } finally {
    played.steps += steps.length;
    played.requests += sim.browser.network.log.filter(
      (r) => r.sender === 'check' || r.sender === 'extension',
    ).length;
    played.reloads += sim.browser.extensionLoads.length;
    played.browserReloads += sim.browser.network.log.filter((r) => r.sender === 'browser').length;
    played.incidents += sim.history().length;
    played.recovered += sim.history().filter((i) => i.outcome === 'recovered').length;
    sim.stop();
  }
}

it(
  `keeps every invariant through ${RUNS} random sequences of up to ${STEPS} steps`,
  async () => {
    const runs = fc.array(fc.tuple(stepArb, waitArb), { minLength: Math.ceil(STEPS / 2), maxLength: STEPS });
    const flavor = fc.constantFrom('chromium' as const, 'firefox' as const);
    const result = await fc.check(fc.asyncProperty(flavor, fc.integer(), runs, play), {
      numRuns: RUNS,
      ...(SEED !== undefined && { seed: SEED, path: process.env.SIM_PATH }),
    });
    // The seed and path replay a failure: SIM_SEED=<seed> SIM_PATH=<path> npm run soak
    const report = result.failed
      ? `${fc.defaultReportMessage(result)}\n${(result.errorInstance as Error | undefined)?.message}`
      : '';
    if (result.failed) console.error(report);
    if (SEED === undefined)
      console.log(
        `soak: ${result.numRuns} sequences (seed ${result.seed}), ${played.steps} steps, ${played.requests} requests by the extension, ${played.reloads} reloads, ${played.browserReloads} reloads by Chromium itself, ${played.incidents} history entries (${played.recovered} recovered)`,
      );
    expect(result.failed, report).toBe(false);
  },
  Number(process.env.SIM_TIMEOUT_MS ?? 120_000),
);
