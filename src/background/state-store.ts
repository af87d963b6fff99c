/**
 * The recovery state, kept in storage.session so a stopped service worker loses nothing.
 * All changes go through one queue: transitions never interleave, so nothing runs twice.
 * A change counts only once it is stored: when a write fails (quota, a broken storage), a smaller
 * copy is tried; failing that, the tabs the change concerned are dropped from the stored state and
 * listed under `held` (the popup says so), and the caller carries out none of the change's effects.
 * The memory copy never runs ahead of storage, so a restarted worker acts on what this one acted on,
 * with one exception that only ever means acting on less: when even that last write fails, the
 * memory copy drops the tabs the change concerned and the schedules it removed anyway (a tab that
 * loaded fine is never reloaded, a closed private tab's address is not kept), and the write is tried
 * again, a few times, until storage holds it too.
 */
import browser from 'webextension-polyfill';
import { EMPTY_STATE, type RecoveryState } from '../core/recovery-state';
import { EMPTY_INDEX, isStateItem, type StateIndex, stateFromItems, stateWrite } from '../core/state-items';
import { shrinkState, tabsConcerned, withoutTabs } from '../core/state-shrink';
import { STORAGE_KEYS } from '../core/storage-keys';

const HELD_KEY = STORAGE_KEYS.held;
/** At most this many held tab ids are listed: the list itself stays small. */
const HELD_MAX = 50;
let cached: RecoveryState | null = null;
/** What storage holds: `cached`, unless a change that storage refused is still to be written. */
let stored: RecoveryState = EMPTY_STATE;
/** What the stored index says: the items that make up `stored` (core/state-items.ts). */
let index: StateIndex = EMPTY_INDEX;
let held: number[] = [];
/** The held list in memory, when it runs ahead of storage with `cached`. */
let heldInMemory: number[] | null = null;
/** The waits before each new try to write a memory copy that storage refused: the first at once (a refusal may have been one busy moment). */
const RETRY_WAITS_MS = [0, 1_000, 5_000, 30_000];
let retries = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

async function load(): Promise<RecoveryState> {
  if (cached) return cached;
  try {
    const items = await browser.storage.session.get(null);
    ({ state: cached, index } = stateFromItems(items));
    stored = cached;
    const heldIds = items[HELD_KEY];
    held = Array.isArray(heldIds) ? heldIds.filter(Number.isInteger).slice(-HELD_MAX) : [];
    const named = new Set([...index.tabs.map((id) => `tab:${id}`), ...Object.values(index.sites)]);
    removeLater(Object.keys(items).filter((key) => isStateItem(key) && !named.has(key)));
  } catch (error) {
    // Nothing can be read, so nothing is known: act on nothing until a write succeeds.
    console.warn('Gateway Rescue: storage.session could not be read', error);
    cached = EMPTY_STATE;
    stored = cached;
  }
  return cached;
}

/** Items no longer part of the state: a failed removal leaves them unread until the next start. */
function removeLater(keys: string[]): void {
  if (keys.length > 0) void browser.storage.session.remove(keys).catch(() => {});
}

/** Stores `state` with one `set` of the items that differ from the stored state, and the index. */
async function write(state: RecoveryState, heldIds: number[]): Promise<boolean> {
  try {
    const change = stateWrite(stored, state, index);
    if (heldIds !== held) change.set[HELD_KEY] = heldIds;
    await browser.storage.session.set(change.set);
    cached = state;
    stored = state;
    index = change.index;
    held = heldIds;
    heldInMemory = null;
    retries = 0;
    clearTimeout(retryTimer);
    removeLater(change.remove);
    return true;
  } catch {
    return false;
  }
}

/** The state this worker run holds in memory, or null before the first read: never waits. */
export function peekState(): RecoveryState | null {
  return cached;
}

/** Stores `after`, or a smaller copy of it; else holds the tabs it concerned. True when `after`'s effects may run. */
async function save(before: RecoveryState, after: RecoveryState): Promise<boolean> {
  const heldNow = heldInMemory ?? held;
  // A tab the engine tracks again is no longer held.
  const stillHeld = heldNow.some((id) => after.tabs[id]) ? heldNow.filter((id) => !after.tabs[id]) : heldNow;
  if (await write(after, stillHeld)) return true;
  const smaller = shrinkState(after);
  if (await write(smaller, stillHeld)) return true;
  const concerned = tabsConcerned(before, after);
  const nowHeld = [...new Set([...heldNow, ...concerned])].slice(-HELD_MAX);
  const now = Date.now();
  if (await write(withoutRemoved(withoutTabs(shrinkState(before), concerned, now), after), nowHeld))
    return false;
  console.warn('Gateway Rescue: storage.session refused every write; nothing is acted on', concerned);
  const dropped = concerned.some((id) => before.tabs[id]);
  const gone = Object.keys(before.origins).some((key) => !(key in after.origins));
  if (dropped || gone) {
    cached = withoutRemoved(withoutTabs(before, concerned, now), after);
    heldInMemory = nowHeld;
    retryLater();
  }
  return false;
}

/** `state` without the schedules `after` no longer has: a schedule that goes never adds an action. */
function withoutRemoved(state: RecoveryState, after: RecoveryState): RecoveryState {
  const origins = Object.fromEntries(Object.entries(state.origins).filter(([key]) => key in after.origins));
  return { ...state, origins };
}

/** Writes the memory copy that storage refused again, a bounded number of times. */
function retryLater(): void {
  clearTimeout(retryTimer);
  const wait = RETRY_WAITS_MS[retries++];
  if (wait === undefined) return;
  retryTimer = setTimeout(() => void updateState((state) => ({ state, value: null })), wait);
}

export interface Update<T> {
  before: RecoveryState;
  /** The state now stored: `before` again when the change could not be saved. */
  after: RecoveryState;
  value: T;
  /** False when the change was not stored: its effects must not be carried out. */
  saved: boolean;
}

type Change<T> = (
  state: RecoveryState,
) => { state: RecoveryState; value: T } | Promise<{ state: RecoveryState; value: T }>;

interface Queued {
  change: Change<unknown>;
  settle(update: Update<unknown> | null, error?: unknown): void;
}

let pending: Queued[] = [];
let flushing = false;

/**
 * Runs `change` on the current state in turn with every other change, and stores what it returns.
 * Changes queued while a write is under way are run one after the other and stored with one write:
 * a write of the whole state took about 70 ms with 30 failing tabs on a busy machine (Chromium 156),
 * and one write per event held the checks of every site up by seconds. Nothing is acted on before
 * its write: every change of a batch learns whether the batch was stored.
 */
export function updateState<T>(change: Change<T>): Promise<Update<T>> {
  return new Promise<Update<T>>((resolve, reject) => {
    pending.push({
      change: change as Change<unknown>,
      settle: (update, error) => (update ? resolve(update as Update<T>) : reject(error)),
    });
    if (!flushing) void flush();
  });
}

async function flush(): Promise<void> {
  flushing = true;
  try {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const first = await load();
      let state = first;
      const done: { item: Queued; before: RecoveryState; after: RecoveryState; value: unknown }[] = [];
      for (const item of batch) {
        try {
          const result = await item.change(state);
          done.push({ item, before: state, after: result.state, value: result.value });
          state = result.state;
        } catch (error) {
          item.settle(null, error);
        }
      }
      // A memory copy ahead of storage is written with the next change, or alone.
      const saved = (state === first && stored === first) || (await save(first, state));
      for (const { item, before, after, value } of done) {
        item.settle(
          saved ? { before, after, value, saved } : { before, after: cached ?? first, value, saved },
        );
      }
    }
  } finally {
    flushing = false;
  }
}

/** The current state, after every change queued before this call. */
export async function readState(): Promise<RecoveryState> {
  return (await updateState((state) => ({ state, value: null }))).after;
}
