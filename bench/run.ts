/**
 * `npm run bench [-- --quick]`: every benchmark of issue 6 in headless Chromium against the build in
 * GR_DIST (default dist/), then bench/results.json, bench/recovery.svg and BENCHMARKS.md.
 * `--quick`: one repeat, the two shortest outages, fewer loads; a few minutes without a display.
 * It writes the same three files into .tmp/bench-quick/, so a quick look never replaces the
 * committed full run. Contenders run one browser at a time (the machine has two cores shared with others).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
import { type Layout, measureRecovery, type RecoveryCase, type RecoveryRun } from './scenarios/recovery.ts';
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
      loads: 50,
      profiledLoads: 30,
      popupOpens: 3,
    }
  : {
      mode: 'full',
      outagesS: [5, 15, 30, 60],
      extraOutagesS: [8, 22, 45],
      repeats: 3,
      loads: 200,
      profiledLoads: 50,
      popupOpens: 10,
    };
const LAYOUTS: Layout[] = ['one-visible', 'ten-tabs', 'background'];
/** Cases start this far apart so that their loads and recoveries do not all land at once. */
const STAGGER_MS = 250;

const started = Date.now();
const log = (message: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

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

const loadStart = loadavg()[0]!;
log(`${config.mode} run against ${CHROME_DIST}`);
const bundle = measureBundleSizes(CHROME_DIST);

const runs: RecoveryRun[] = [];
let chromium = '';
for (const contender of CONTENDERS) {
  log(`recovery: ${contender}`);
  runs.push(
    ...(await withBrowser(contender, (b) => {
      chromium = b.context.browser()?.version() ?? chromium;
      return measureRecovery(b, contender, casesFor(contender), STAGGER_MS);
    })),
  );
}
log('popup');
const popup = await withBrowser('ours', (b) => measurePopup(b, config.popupOpens));
log('memory');
const memory = await withBrowser('ours', measureMemory);
log('normal browsing');
const browsing = await measureBrowsingCost(launchContender, config.loads, config.profiledLoads);

const results: Results = {
  config,
  startedAt: new Date(started).toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
  machine: {
    cpus: cpus().length,
    loadAverage: { start: loadStart, end: loadavg()[0]! },
    chromium,
    node: process.version,
  },
  recovery: { runs, cells: summarise(runs) },
  browsing,
  popup,
  bundle,
  memory,
  model: modelFactors(),
};
const targets = evaluateTargets(results);
const out = quick
  ? { dir: '.tmp/bench-quick', json: 'results.json', svg: 'recovery.svg', md: 'BENCHMARKS.md' }
  : { dir: '.', json: 'bench/results.json', svg: 'bench/recovery.svg', md: 'BENCHMARKS.md' };
mkdirSync(out.dir, { recursive: true });
writeFileSync(`${out.dir}/${out.json}`, `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
writeFileSync(`${out.dir}/${out.svg}`, recoveryPlot(results.recovery.cells, config));
writeFileSync(`${out.dir}/${out.md}`, renderMarkdown(results, targets, out.svg));
console.log(renderStdout(results, targets));
log(
  `done in ${results.durationS} s; wrote ${[out.json, out.svg, out.md].map((f) => `${out.dir}/${f}`).join(', ')}`,
);
