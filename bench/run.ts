/**
 * `npm run bench [-- --quick]`: every benchmark of issue 6 in headless Chromium against the build in
 * GR_DIST (default dist/), then bench/results.json, bench/recovery.svg and BENCHMARKS.md.
 * `--quick`: one repeat, the two shortest outages and a 30 s "long" one, fewer loads; a few minutes
 * without a display. It writes the same three files into .tmp/bench-quick/, so a quick look never
 * replaces the committed full run. `--render-only` rewrites the report from the saved results
 * without measuring. The short cases run one contender's browser at a time, with nothing else
 * running (the machine has two cores); then the long (5-minute) cases of every contender together,
 * each in a browser of its own, as their tabs mostly sit idle: one after the other they would add
 * 20 minutes. With the long cases alongside the short ones, the ten-tab cases' first loads took up
 * to 4.8 s (load average 9-17) and a 5 s outage's tenth tab came back 4.6 s after the first.
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
import { scheduleModel } from './schedule-model.ts';
import { LONG_LAYOUTS, summarise } from './summary.ts';
import { evaluateTargets } from './targets.ts';

const quick = process.argv.includes('--quick');
const config: RunConfig = quick
  ? {
      mode: 'quick',
      outagesS: [5, 15],
      extraOutagesS: [8],
      longOutagesS: [30],
      repeats: 1,
      maxPages: 70,
      returnGapMs: 2500,
      loads: 50,
      profiledLoads: 30,
      popupOpens: 5,
    }
  : {
      mode: 'full',
      outagesS: [5, 15, 30, 60],
      extraOutagesS: [8, 22, 38],
      longOutagesS: [300],
      repeats: 3,
      maxPages: 40,
      returnGapMs: 4000,
      loads: 200,
      profiledLoads: 50,
      popupOpens: 15,
    };
const ALL_LAYOUTS: Layout[] = ['one-visible', 'ten-tabs', 'background', 'refused'];
/**
 * `--layout <name>`: only that layout's cases at the run's lengths and repeats, measured again into
 * the saved results (its runs replaced, everything else kept): a change that concerns one layout
 * need not cost the whole run.
 */
const onlyLayout = process.argv.includes('--layout')
  ? (process.argv[process.argv.indexOf('--layout') + 1] as Layout)
  : undefined;
if (onlyLayout && !ALL_LAYOUTS.includes(onlyLayout))
  throw new Error(`--layout: one of ${ALL_LAYOUTS.join(', ')}`);
const LAYOUTS: Layout[] = onlyLayout ? [onlyLayout] : ALL_LAYOUTS;
/** Every case under way in any browser of the run, by when its site comes back. */
const returns = new Map<RecoveryCase, number>();
/**
 * With a reloader in every tab, 70 tabs at a time kept a 502 page load under a second on two cores
 * (all 165 at once took up to 5 s). Without an extension nothing ever reloads, so its idle tabs may
 * all wait at once. Returns apart: with 100 ms between starts, the repeats of one length came back
 * together, and 30 tabs reloading at once took 1-3 s to paint (load average 8 with Gateway Rescue's
 * short cases alone); 2.5 s apart, 18 cases measured 25-58 % where they had measured 51-184 % (load
 * average 3-4). In a full run, 70 tabs and 2.5 s still reached load average 8 and the nine follow-up
 * tabs of a ten-tab case painted 1.8 s after the first at the median; 40 tabs and 4 s apart: load
 * average under 4, and the p95 of the recovery delay went from 107 % to 81 % (the full run takes 29
 * minutes instead of 24).
 */
const concurrency = (contender: Contender): Concurrency => ({
  maxPages: contender === 'none' ? Number.POSITIVE_INFINITY : config.maxPages,
  staggerMs: 100,
  returnGapMs: config.returnGapMs ?? 0,
  returns,
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

// Without an extension nothing is random and nothing ever reloads: one repeat says it all.
const repeatsOf = (contender: Contender) => (contender === 'none' ? 1 : config.repeats);

function casesFor(contender: Contender): RecoveryCase[] {
  const cases: RecoveryCase[] = [];
  for (let repeat = 0; repeat < repeatsOf(contender); repeat++) {
    for (const outageS of config.outagesS) {
      for (const layout of LAYOUTS) cases.push({ layout, outageS, repeat });
    }
    if (!onlyLayout || onlyLayout === 'one-visible')
      for (const outageS of config.extraOutagesS) cases.push({ layout: 'one-visible', outageS, repeat });
  }
  return cases;
}

function longCasesFor(contender: Contender): RecoveryCase[] {
  const cases: RecoveryCase[] = [];
  for (let repeat = 0; repeat < repeatsOf(contender); repeat++) {
    for (const outageS of config.longOutagesS) {
      for (const layout of LONG_LAYOUTS) cases.push({ layout, outageS, repeat });
    }
  }
  return cases;
}

/** The long cases of every contender at once, each in its own browser launched one after the other. */
async function measureLong(): Promise<RecoveryRun[]> {
  if (config.longOutagesS.length === 0) return [];
  phase(`long outages (${config.longOutagesS.join(', ')} s): every contender at once`);
  const tasks: Promise<RecoveryRun[]>[] = [];
  for (const contender of CONTENDERS) {
    const b = await launchContender(contender);
    const task = measureRecovery(b, contender, longCasesFor(contender), concurrency(contender)).finally(() =>
      b.close(),
    );
    // Awaited below with the others; a failure meanwhile must not go unhandled.
    task.catch(() => {});
    tasks.push(task);
  }
  return (await Promise.all(tasks)).flat();
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
  runs.push(...(await measureLong()));
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
    model: scheduleModel(),
  };
}

const out = quick
  ? { dir: '.tmp/bench-quick', json: 'results.json', svg: 'recovery.svg', md: 'BENCHMARKS.md' }
  : { dir: '.', json: 'bench/results.json', svg: 'bench/recovery.svg', md: 'BENCHMARKS.md' };
// --render-only: BENCHMARKS.md and the plot again from the saved results, after editing the text.
function savedResults(): Results {
  const saved = JSON.parse(readFileSync(`${out.dir}/${out.json}`, 'utf8')) as Results;
  // Results saved before the long outages existed had none.
  return {
    ...saved,
    config: { ...saved.config, longOutagesS: saved.config.longOutagesS ?? [] },
    model: scheduleModel(),
  };
}
/** The saved results with one layout's cases measured again (extra lengths included for one-visible). */
async function remeasureLayout(layout: Layout): Promise<Results> {
  const saved = savedResults();
  const loadStart = loadavg()[0]!;
  const runs: RecoveryRun[] = [];
  for (const contender of CONTENDERS) {
    phase(`recovery, ${layout} only: ${contender}`);
    runs.push(
      ...(await withBrowser(contender, (b) =>
        measureRecovery(b, contender, casesFor(contender), concurrency(contender)),
      )),
    );
  }
  const kept = saved.recovery.runs.filter((run) => run.layout !== layout);
  const all = [...kept, ...runs];
  const again = {
    layout,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    loadAverage: Math.max(loadStart, loadavg()[0]!, ...phases.map((p) => p.loadAverage)),
  };
  const remeasured = [...(saved.remeasured ?? []).filter((m) => m.layout !== layout), again];
  return { ...saved, recovery: { runs: all, cells: summarise(all) }, remeasured };
}

const results: Results = process.argv.includes('--render-only')
  ? savedResults()
  : onlyLayout
    ? await remeasureLayout(onlyLayout)
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
