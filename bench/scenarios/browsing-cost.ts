/**
 * Cost to normal browsing: the same healthy page loaded many times in a browser with Gateway Rescue
 * and in one without any extension, alternating between the two so that drift in the machine's load
 * hits both alike; then the worker's CPU time per navigation, from a sampling profile of the worker.
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
  profiledLoads: number;
  /** CPU time the worker's thread spent per navigation, ms. */
  workerCpuMsPerNavigation: number;
}

const WARM_UP = 10;

async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url);
  return page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).duration,
  );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
}

/** Busy time of the worker thread in a CPU profile: every sample except idle ones. */
function busyMs(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let busyMicros = 0;
  profile.samples.forEach((node, i) => {
    // timeDeltas[i] is the time before sample i; it belongs to the interval that sample closes.
    if (!idle.has(node)) busyMicros += profile.timeDeltas[i] ?? 0;
  });
  return busyMicros / 1000;
}

async function workerCpuPerNavigation(
  worker: WorkerSession,
  page: Page,
  url: (i: number) => string,
  loads: number,
): Promise<number> {
  await worker.send('Profiler.enable');
  await worker.send('Profiler.setSamplingInterval', { interval: 100 });
  await worker.send('Profiler.start');
  for (let i = 0; i < loads; i++) await page.goto(url(i));
  // Let the last navigation's events reach the worker before stopping.
  await new Promise((r) => setTimeout(r, 300));
  const { profile } = await worker.send('Profiler.stop');
  await worker.send('Profiler.disable');
  return busyMs(profile) / loads;
}

/** Loads in both browsers, alternating which goes first; returns [with, without] load times. */
async function alternate(withPage: Page, withoutPage: Page, url: (i: number) => string, loads: number) {
  const withMs: number[] = [];
  const withoutMs: number[] = [];
  for (let i = 0; i < loads + WARM_UP; i++) {
    const pair =
      i % 2 === 0
        ? [await loadTime(withPage, url(i)), await loadTime(withoutPage, url(i))]
        : [await loadTime(withoutPage, url(i)), await loadTime(withPage, url(i))].reverse();
    if (i < WARM_UP) continue;
    withMs.push(pair[0]!);
    withoutMs.push(pair[1]!);
  }
  return { withMs, withoutMs };
}

/**
 * Two sessions of half the loads each, the browsers launched in the opposite order: in a trial run
 * the browser launched first loaded pages several percent slower, whichever it was.
 */
export async function measureBrowsingCost(
  launch: (contender: Contender) => Promise<BenchBrowser>,
  loads: number,
  profiledLoads: number,
): Promise<BrowsingCost> {
  const server = await startBenchServer();
  const url = (i: number) => server.url(`/news/${i}`);
  const withMs: number[] = [];
  const withoutMs: number[] = [];
  let cpu = 0;
  try {
    for (const order of [
      ['ours', 'none'],
      ['none', 'ours'],
    ] as const) {
      const first = await launch(order[0]);
      const second = await launch(order[1]);
      const [ours, bare] = order[0] === 'ours' ? [first, second] : [second, first];
      try {
        const withPage = await ours.newWindow();
        const session = await alternate(withPage, await bare.newWindow(), url, loads / 2);
        withMs.push(...session.withMs);
        withoutMs.push(...session.withoutMs);
        if (order[0] === 'none')
          cpu = await workerCpuPerNavigation(ours.workerCdp!, withPage, url, profiledLoads);
      } finally {
        await first.close();
        await second.close();
      }
    }
  } finally {
    await server.close();
  }
  const medianWith = median(withMs);
  const medianWithout = median(withoutMs);
  return {
    loads: withMs.length,
    withoutMs: round(medianWithout, 1),
    withMs: round(medianWith, 1),
    ratio: round(medianWith / medianWithout, 3),
    profiledLoads,
    workerCpuMsPerNavigation: round(cpu, 2),
  };
}
