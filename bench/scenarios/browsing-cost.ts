/**
 * Cost to normal browsing: the same healthy page loaded many times in a browser with Gateway Rescue,
 * in one without any extension, and in one with the fixed-interval reference as a control (a single
 * webRequest listener that does nothing on a healthy page), taking turns so that drift in the
 * machine's load hits all alike; then the worker's CPU time per navigation, from a sampling profile.
 */
import type { Page } from 'playwright-core';
import type { BenchBrowser, Contender } from '../browser.ts';
import { startBenchServer } from '../outage-server.ts';
import { median, round } from '../stats.ts';
import type { WorkerSession } from '../worker-session.ts';

export interface BrowsingCost {
  loads: number;
  /** Median page load time (navigation start to load event end), ms. */
  withoutMs: number;
  withMs: number;
  ratio: number;
  /** The ratio within each of the two sessions: how far apart they are shows the noise. */
  sessionRatios: number[];
  /** The control: what any webRequest listener costs, whatever it does. */
  controlMs: number;
  controlRatio: number;
  profiledLoads: number;
  /** CPU time of the worker's thread per navigation, from a sampling profile. */
  workerCpu: WorkerCpu;
}

const WARM_UP = 10;

async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url);
  return page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).duration,
  );
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface WorkerCpu {
  msPerNavigation: number;
  /** Where that time went: the functions with the most self time, ms per navigation. */
  top: { name: string; msPerNavigation: number }[];
}

/** Self time per function in a CPU profile, idle samples left out. */
function selfTimes(profile: CpuProfile): Map<string, number> {
  const names = new Map(
    profile.nodes.map((n) => {
      const file = n.callFrame.url.split('/').pop();
      const where = file ? ` (${file}:${n.callFrame.lineNumber + 1})` : '';
      return [n.id, `${n.callFrame.functionName || '(anonymous)'}${where}`];
    }),
  );
  const micros = new Map<string, number>();
  profile.samples.forEach((node, i) => {
    const name = names.get(node)!;
    // timeDeltas[i] is the time before sample i; it belongs to the interval that sample closes.
    if (name !== '(idle)') micros.set(name, (micros.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return micros;
}

async function workerCpuPerNavigation(
  worker: WorkerSession,
  page: Page,
  url: (i: number) => string,
  loads: number,
): Promise<WorkerCpu> {
  await worker.send('Profiler.enable');
  await worker.send('Profiler.setSamplingInterval', { interval: 100 });
  await worker.send('Profiler.start');
  for (let i = 0; i < loads; i++) await page.goto(url(i));
  // Let the last navigation's events reach the worker before stopping.
  await new Promise((r) => setTimeout(r, 300));
  const { profile } = await worker.send<{ profile: CpuProfile }>('Profiler.stop');
  await worker.send('Profiler.disable');
  const self = [...selfTimes(profile)].sort((a, b) => b[1] - a[1]);
  const perNavigation = (micros: number) => round(micros / 1000 / loads, 3);
  return {
    msPerNavigation: perNavigation(self.reduce((sum, [, us]) => sum + us, 0)),
    top: self.slice(0, 5).map(([name, us]) => ({ name, msPerNavigation: perNavigation(us) })),
  };
}

const CONTENDERS = ['ours', 'fixed-interval', 'none'] as const;
type Measured = (typeof CONTENDERS)[number];

/** Loads in every browser in turn, rotating who goes first; load times per browser. */
async function takeTurns(pages: Record<Measured, Page>, url: (i: number) => string, loads: number) {
  const times: Record<Measured, number[]> = { ours: [], 'fixed-interval': [], none: [] };
  for (let i = 0; i < loads + WARM_UP; i++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const contender = CONTENDERS[(i + k) % CONTENDERS.length]!;
      const ms = await loadTime(pages[contender], url(i));
      if (i >= WARM_UP) times[contender].push(ms);
    }
  }
  return times;
}

/**
 * Two sessions of half the loads each, the browsers launched in opposite orders: in a trial run the
 * browser launched first loaded pages several percent slower, whichever it was.
 */
export async function measureBrowsingCost(
  launch: (contender: Contender) => Promise<BenchBrowser>,
  loads: number,
  profiledLoads: number,
): Promise<BrowsingCost> {
  const server = await startBenchServer();
  const url = (i: number) => server.url(`/news/${i}`);
  const all: Record<Measured, number[]> = { ours: [], 'fixed-interval': [], none: [] };
  const sessionRatios: number[] = [];
  let cpu: WorkerCpu | null = null;
  try {
    for (const order of [CONTENDERS, [...CONTENDERS].reverse()]) {
      const browsers = [] as [Measured, BenchBrowser][];
      try {
        for (const contender of order) browsers.push([contender, await launch(contender)]);
        const pages = {} as Record<Measured, Page>;
        for (const [contender, browser] of browsers) pages[contender] = await browser.newWindow();
        const times = await takeTurns(pages, url, loads / 2);
        sessionRatios.push(round(median(times.ours) / median(times.none), 3));
        for (const contender of CONTENDERS) all[contender].push(...times[contender]);
        if (cpu === null) {
          const ours = browsers.find(([contender]) => contender === 'ours')![1];
          cpu = await workerCpuPerNavigation(ours.workerCdp!, pages.ours, url, profiledLoads);
        }
      } finally {
        for (const [, browser] of browsers) await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const without = median(all.none);
  return {
    loads: all.ours.length,
    withoutMs: round(without, 1),
    withMs: round(median(all.ours), 1),
    ratio: round(median(all.ours) / without, 3),
    sessionRatios,
    controlMs: round(median(all['fixed-interval']), 1),
    controlRatio: round(median(all['fixed-interval']) / without, 3),
    profiledLoads,
    workerCpu: cpu!,
  };
}
