/**
 * `npm run bench [-- --quick]`: every benchmark of issue 6 in headless Chromium against the build in
 * GR_DIST (default dist/), then bench/results.json, bench/recovery.svg and BENCHMARKS.md.
 * `--quick`: one repeat, the two shortest outages, fewer loads; a few minutes without a display.
 * It writes the same three files into .tmp/bench-quick/, so a quick look never replaces the
 * committed full run. `--render-only` rewrites the report from the saved results without measuring. Contenders run one browser at a time (the machine has two cores shared with others).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { CHROME_DIST } from '../scripts/dist-dir.ts';
import { CONTENDERS, type Contender, launchContender } from './browser.ts';
import { recoveryPlot } from './plot.ts';
import { renderMarkdown, renderStdout } from './report.ts';
import type { Results, RunConfig } from './results.ts';
import { measureBrowsingCost } from './scenarios/browsing-cost.ts';
import { measureBundleSizes } from './scenarios/bundle-size.ts';
import { measureMemory } from './scenarios/memory.ts';
import { measurePopup } from './scenarios/popup.ts';
import {
  type Concurrency,
  type Layout,
  measureRecovery,
  type RecoveryCase,
  type RecoveryRun,
} from './scenarios/recovery.ts';
import { modelFactors } from './schedule-model.ts';
import { summarise } from './summary.ts';
import { evaluateTargets } from './targets.ts';

const quick = process.argv.includes('--quick');
const config: RunConfig = quick
  ? {
      mode: 'quick',
      outagesS: [5, 15],
      extraOutagesS: [8],
      repeats: 1,
      maxPages: 70,
      loads: 50,
      profiledLoads: 30,
      popupOpens: 5,
    }
  : {
      mode: 'full',
      outagesS: [5, 15, 30, 60],
      extraOutagesS: [8, 22, 38],
      repeats: 3,
      maxPages: 70,
      loads: 200,
      profiledLoads: 50,
      popupOpens: 15,
    };
const LAYOUTS: Layout[] = ['one-visible', 'ten-tabs', 'background'];
/**
 * With a reloader in every tab, 70 tabs at a time kept a 502 page load under a second on two cores
 * (all 165 at once took up to 5 s). Without an extension nothing ever reloads, so its idle tabs may
 * all wait at once.
 */
const concurrency = (contender: Contender): Concurrency => ({
  maxPages: contender === 'none' ? Number.POSITIVE_INFINITY : config.maxPages,
  staggerMs: 100,
});

const started = Date.now();
const phases: Results['phases'] = [];
const log = (message: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const phase = (name: string) => {
  phases.push({ phase: name, atS: Math.round((Date.now() - started) / 1000), loadAverage: loadavg()[0]! });
  log(`${name} (load average ${loadavg()[0]!.toFixed(1)})`);
};

async function withBrowser<T>(
  contender: Contender,
  use: (b: Awaited<ReturnType<typeof launchContender>>) => Promise<T>,
) {
  const browser = await launchContender(contender);
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

function casesFor(contender: Contender): RecoveryCase[] {
  // Without an extension nothing is random and nothing ever reloads: one repeat says it all.
  const repeats = contender === 'none' ? 1 : config.repeats;
  const cases: RecoveryCase[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const outageS of config.outagesS) {
      for (const layout of LAYOUTS) cases.push({ layout, outageS, repeat });
    }
    for (const outageS of config.extraOutagesS) cases.push({ layout: 'one-visible', outageS, repeat });
  }
  return cases;
}

async function measureAll(): Promise<Results> {
  const loadStart = loadavg()[0]!;
  log(`${config.mode} run against ${CHROME_DIST}`);
  const bundle = measureBundleSizes(CHROME_DIST);

  const runs: RecoveryRun[] = [];
  let chromium = '';
  for (const contender of CONTENDERS) {
    phase(`recovery: ${contender}`);
    runs.push(
      ...(await withBrowser(contender, (b) => {
        chromium = b.context.browser()?.version() ?? chromium;
        return measureRecovery(b, contender, casesFor(contender), concurrency(contender));
      })),
    );
  }
  phase('popup');
  const popup = await withBrowser('ours', (b) => measurePopup(b, config.popupOpens));
  phase('memory');
  const memory = await withBrowser('ours', measureMemory);
  phase('normal browsing');
  const browsing = await measureBrowsingCost(launchContender, config.loads, config.profiledLoads);

  return {
    config,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: cpus().length,
      loadAverage: { start: loadStart, end: loadavg()[0]! },
      chromium,
      node: process.version,
    },
    phases,
    recovery: { runs, cells: summarise(runs) },
    browsing,
    popup,
    bundle,
    memory,
    model: modelFactors(),
  };
}

const out = quick
  ? { dir: '.tmp/bench-quick', json: 'results.json', svg: 'recovery.svg', md: 'BENCHMARKS.md' }
  : { dir: '.', json: 'bench/results.json', svg: 'bench/recovery.svg', md: 'BENCHMARKS.md' };
// --render-only: BENCHMARKS.md and the plot again from the saved results, after editing the text.
const results: Results = process.argv.includes('--render-only')
  ? { ...JSON.parse(readFileSync(`${out.dir}/${out.json}`, 'utf8')), model: modelFactors() }
  : await measureAll();
const targets = evaluateTargets(results);
mkdirSync(out.dir, { recursive: true });
writeFileSync(`${out.dir}/${out.json}`, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
writeFileSync(`${out.dir}/${out.svg}`, recoveryPlot(results.recovery.cells, results.config));
writeFileSync(`${out.dir}/${out.md}`, renderMarkdown(results, targets, out.svg));
console.log(renderStdout(results, targets));
log(
  `done in ${results.durationS} s; wrote ${[out.json, out.svg, out.md].map((f) => `${out.dir}/${f}`).join(', ')}`,
);
