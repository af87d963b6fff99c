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
/** What this worker run last wrote: a state change that spent nothing writes nothing. */
let written: string | undefined;

/**
 * Keeps the state's request times in storage.local, only the last minute's, when they changed,
 * joined with what storage holds (the previous version's minute may not be taken in yet).
 */
export async function keepBudget(state: RecoveryState, now: number): Promise<void> {
  const carried = budgetToCarry(state);
  const key = JSON.stringify(carried);
  if (key === written) return;
  const stored: CarriedBudget = { ...joinCarried(await carriedBudget(now), carried, now), clock: now };
  // A budget that could not be kept is written again with the next change of the state; lost, it
  // costs only its minute after an update.
  await browser.storage.local.set({ [BUDGET_KEY]: stored }).then(
    () => {
      written = key;
    },
    () => {},
  );
}

/** The budget the previous version kept, as of now. */
export async function carriedBudget(now: number): Promise<CarriedBudget> {
  const items = await browser.storage.local.get(BUDGET_KEY).catch(() => ({}) as Record<string, unknown>);
  return readCarriedBudget(items[BUDGET_KEY], now);
}
