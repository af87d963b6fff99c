/**
 * The recovery state, kept in storage.session so a stopped service worker loses nothing.
 * All changes go through one queue: transitions never interleave, so nothing runs twice.
 * If storage fails, the state lives on in memory for this worker run (and says so once in the log).
 */
import browser from 'webextension-polyfill';
import { EMPTY_STATE, type RecoveryState } from '../core/recovery-state';
import { STORAGE_KEYS } from '../core/storage-keys';
import { readStoredState } from '../storage/stored';

const KEY = STORAGE_KEYS.recovery;
let cached: RecoveryState | null = null;
let queue: Promise<unknown> = Promise.resolve();
let warned = false;

function warnOnce(error: unknown): void {
  if (warned) return;
  warned = true;
  console.warn('Gateway Rescue: storage.session failed; state is kept in memory only', error);
}

async function load(): Promise<RecoveryState> {
  if (cached) return cached;
  try {
    cached = await readStoredState();
  } catch (error) {
    warnOnce(error);
    cached = EMPTY_STATE;
  }
  return cached;
}

async function save(state: RecoveryState): Promise<void> {
  cached = state;
  try {
    await browser.storage.session.set({ [KEY]: state });
  } catch (error) {
    warnOnce(error);
  }
}

/** The state this worker run holds in memory, or null before the first read: never waits. */
export function peekState(): RecoveryState | null {
  return cached;
}

/** Runs `change` on the current state in turn with every other change, and stores what it returns. */
export function updateState<T>(
  change: (state: RecoveryState) => { state: RecoveryState; value: T },
): Promise<{ before: RecoveryState; after: RecoveryState; value: T }> {
  const run = async () => {
    const before = await load();
    const { state: after, value } = change(before);
    if (after !== before) await save(after);
    return { before, after, value };
  };
  const next = queue.then(run, run);
  queue = next.catch(() => {});
  return next;
}

/** The current state, after every change queued before this call. */
export async function readState(): Promise<RecoveryState> {
  return (await updateState((state) => ({ state, value: null }))).after;
}
