/** The incident history in storage.local: newest first, capped by count and by size. */
import browser from 'webextension-polyfill';
import { boundIncident } from '../core/bounds';
import { CONTINUES_WITHIN_MS, tabOf, withIncident, withPageBack } from '../core/history-merge';
import type { Incident } from '../core/recovery-state';
import { STORAGE_KEYS } from '../core/storage-keys';
import { readStoredHistory } from '../storage/stored';

const HISTORY_KEY = STORAGE_KEYS.history;
export const HISTORY_MAX_ITEMS = 200;
export const HISTORY_MAX_BYTES = 256 * 1024;

/** Each item within its own bound first, so one big incident never pushes out the others. */
export function capHistory(items: Incident[]): Incident[] {
  const kept = items.slice(0, HISTORY_MAX_ITEMS).map(boundIncident);
  while (kept.length > 1 && JSON.stringify(kept).length > HISTORY_MAX_BYTES) kept.pop();
  return kept;
}

/** The history without the check lists of older items: what a retry writes when storage refused the full one. */
function shrinkHistory(items: Incident[]): Incident[] {
  return items.map((item, i) => (i === 0 || item.checks.length === 0 ? item : { ...item, checks: [] }));
}

export function readHistory(): Promise<Incident[]> {
  return readStoredHistory().catch(() => []);
}

// Appends and clears in one queue: an append in flight never brings back a history just cleared.
let writes: Promise<unknown> = Promise.resolve();

function enqueue(run: () => Promise<void>): Promise<void> {
  const next = writes.then(run, run);
  writes = next.catch(() => {});
  return next;
}

async function writeHistory(items: Incident[]): Promise<void> {
  try {
    await browser.storage.local.set({ [HISTORY_KEY]: items });
  } catch {
    // Quota or a passing failure: the same incidents with fewer details, once.
    await browser.storage.local.set({ [HISTORY_KEY]: shrinkHistory(items) });
  }
}

/**
 * Tabs whose incident just ended by leaving the page, and when: a healthy load of the same page right
 * after it is the page coming back by itself. Lost with the worker: the entry then stays "left".
 */
const leftAt = new Map<number, number>();

/**
 * Appends in turn with other appends and clears, so two incidents ending at once are both kept; a
 * tab that failed again on the same site right after leaving a failing page continues its entry.
 */
export function appendHistory(incident: Incident): Promise<void> {
  if (incident.outcome === 'navigated') {
    if (leftAt.size > 50) leftAt.clear();
    leftAt.set(Number(tabOf(incident)), incident.endedAt);
  }
  return enqueue(async () => writeHistory(capHistory(withIncident(await readHistory(), incident))));
}

/** Whether the tab has just left a failing page: one Map lookup, the cost to normal browsing. */
export function leftFailingPage(tabId: number): boolean {
  return leftAt.has(tabId);
}

/**
 * A tab that had just left a failing page loaded a page without an error: the entry it left ends as
 * recovered if this is the same page (a retry at a new address).
 */
export function pageLoadedHealthy(tabId: number, url: string, at: number): Promise<void> {
  const left = leftAt.get(tabId);
  if (left === undefined) return Promise.resolve();
  leftAt.delete(tabId);
  if (at - left > CONTINUES_WITHIN_MS) return Promise.resolve();
  return enqueue(async () => {
    const items = await readHistory();
    const updated = withPageBack(items, tabId, url, at);
    if (updated !== items) await writeHistory(updated);
  });
}

export function clearHistory(): Promise<void> {
  return enqueue(() => browser.storage.local.remove(HISTORY_KEY));
}
