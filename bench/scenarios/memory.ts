/**
 * Memory: the worker's JS heap (after garbage collection) when fresh and after 100 incidents, each a
 * tab that failed and was recovered by the engine: ten rounds of ten tabs on one site.
 */
import type { BenchBrowser } from '../browser.ts';
import { startBenchServer } from '../outage-server.ts';
import { round } from '../stats.ts';
import type { WorkerSession } from '../worker-session.ts';
import { waitHealthy } from './recovery.ts';

export interface MemoryUse {
  incidents: number;
  /** Incidents the history held afterwards (it may keep fewer than happened). */
  historyEntries: number;
  recovered: number;
  freshKb: number;
  afterKb: number;
}

const ROUNDS = 10;
const TABS = 10;

async function heapKb(worker: WorkerSession): Promise<number> {
  await worker.send('HeapProfiler.enable');
  await worker.send('HeapProfiler.collectGarbage');
  const { usedSize } = await worker.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return round(usedSize / 1024, 1);
}

export async function measureMemory(browser: BenchBrowser): Promise<MemoryUse> {
  const site = await startBenchServer();
  try {
    const freshKb = await heapKb(browser.workerCdp!);
    const tabs = [await browser.newWindow()];
    for (let i = 1; i < TABS; i++) tabs.push(await browser.newTab());
    let recovered = 0;
    for (let r = 0; r < ROUNDS; r++) {
      site.fail(502);
      await Promise.all(tabs.map((tab, i) => tab.goto(site.url(`/round-${r}/tab-${i}`))));
      await site.recover();
      const back = await Promise.all(tabs.map((tab) => waitHealthy(tab, Date.now() + 20_000)));
      recovered += back.filter(Boolean).length;
    }
    // The last round's incidents are written to the history just after their reloads.
    await new Promise((r) => setTimeout(r, 1000));
    const historyEntries = await browser.worker!.evaluate(() =>
      chrome.storage.local
        .get('history')
        .then((items) => (items.history as unknown[] | undefined)?.length ?? 0),
    );
    const afterKb = await heapKb(browser.workerCdp!);
    await Promise.all(tabs.map((tab) => tab.close()));
    return { incidents: ROUNDS * TABS, historyEntries, recovered, freshKb, afterKb };
  } finally {
    await site.close();
  }
}
