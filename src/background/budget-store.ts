/**
 * The site budget across an update (core/recovery/budget-carry.ts): storage.session goes with the old
 * version, so the last minute's request times are kept in storage.local too, written before the
 * request they count goes out.
 */
import browser from 'webextension-polyfill';
import { budgetToCarry, type CarriedBudget, joinCarried, readCarriedBudget } from '../core/recovery';
import type { RecoveryState } from '../core/recovery-state';
import { STORAGE_KEYS } from '../core/storage-keys';

const BUDGET_KEY = STORAGE_KEYS.budget;
/** A refused write is tried again after these waits (an update may come before the next change). */
const RETRY_MS = [1_000, 5_000, 30_000];
/** What this worker run last wrote: a state change that spent nothing writes nothing. */
let written: string | undefined;
/** The latest budget to keep, and the retry of its refused write. */
let latest: CarriedBudget = { sites: {} };
let retry: ReturnType<typeof setTimeout> | undefined;

/**
 * Keeps the state's request times in storage.local, only the last minute's, when they changed,
 * joined with what storage holds (the previous version's minute may not be taken in yet).
 */
export async function keepBudget(state: RecoveryState): Promise<void> {
  latest = budgetToCarry(state);
  if (JSON.stringify(latest) === written) return;
  if (retry !== undefined) clearTimeout(retry);
  await writeLatest(0);
}

async function writeLatest(attempt: number): Promise<void> {
  const carried = latest;
  const key = JSON.stringify(carried);
  const now = Date.now();
  const stored: CarriedBudget = { ...joinCarried(await carriedBudget(now), carried, now), clock: now };
  const kept = await browser.storage.local.set({ [BUDGET_KEY]: stored }).then(
    () => true,
    () => false,
  );
  if (kept) written = key;
  else if (attempt < RETRY_MS.length)
    retry = setTimeout(() => {
      if (JSON.stringify(latest) !== written) void writeLatest(attempt + 1);
    }, RETRY_MS[attempt]);
}

/** The budget the previous version kept, as of now. */
export async function carriedBudget(now: number): Promise<CarriedBudget> {
  const items = await browser.storage.local.get(BUDGET_KEY).catch(() => ({}) as Record<string, unknown>);
  return readCarriedBudget(items[BUDGET_KEY], now);
}
