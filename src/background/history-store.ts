/** The incident history in storage.local: newest first, capped by count and by size. */
import browser from 'webextension-polyfill';
import type { Incident } from '../core/recovery-state';
import { STORAGE_KEYS } from '../core/storage-keys';
import { readStoredHistory } from '../storage/stored';

const HISTORY_KEY = STORAGE_KEYS.history;
export const HISTORY_MAX_ITEMS = 200;
export const HISTORY_MAX_BYTES = 256 * 1024;

export function capHistory(items: Incident[]): Incident[] {
  const kept = items.slice(0, HISTORY_MAX_ITEMS);
  while (kept.length > 1 && JSON.stringify(kept).length > HISTORY_MAX_BYTES) kept.pop();
  return kept;
}

export function readHistory(): Promise<Incident[]> {
  return readStoredHistory().catch(() => []);
}

let writes: Promise<unknown> = Promise.resolve();

/** Appends in turn with other appends, so two incidents ending at once are both kept. */
export function appendHistory(incident: Incident): Promise<void> {
  const run = async () => {
    const items = await readHistory();
    await browser.storage.local.set({ [HISTORY_KEY]: capHistory([incident, ...items]) });
  };
  const next = writes.then(run, run);
  writes = next.catch(() => {});
  return next;
}

export async function clearHistory(): Promise<void> {
  await browser.storage.local.remove(HISTORY_KEY);
}
