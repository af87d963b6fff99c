/**
 * How the recovery state is laid out in storage.session: one item per tab and one per site, and an
 * index under `recovery` naming the items that make up the state. A change writes only the items it
 * touched, together with the index, in one `set` (all or nothing in both browsers): writing the
 * whole state cost the worker 20-35 ms of CPU per write with 40 failing tabs over 15 sites in
 * Chromium 156 (bench profile), and each write held every check behind it.
 * Items the index does not name are leftovers of an interrupted clean-up: never read, removed later.
 * Site items are named by a counter, not by the site, so no key holds an address.
 */
import {
  type ClockStep,
  EMPTY_STATE,
  type OriginSchedule,
  type RecoveryState,
  scheduleKey,
  type TabRecovery,
} from './recovery-state';
import { STORAGE_KEYS } from './storage-keys';

export interface StateIndex {
  /** Wall-clock time of the last transition (RecoveryState.clock). */
  clock?: number;
  /** A clock step not yet told apart from a sleep (RecoveryState.step). */
  step?: ClockStep;
  /** Until when no site is looked at (RecoveryState.quiet). */
  quiet?: number;
  tabs: number[];
  /** Each site's origin and the item that holds its schedule. */
  sites: Record<string, string>;
  /** The number in the next site item's name. */
  next: number;
}

export const EMPTY_INDEX: Readonly<StateIndex> = Object.freeze({ tabs: [], sites: {}, next: 0 });

const TAB_PREFIX = 'tab:';
const SITE_PREFIX = 'site:';
const tabKey = (id: number | string) => `${TAB_PREFIX}${id}`;

/** Whether a storage key is one of the state's items (named by the index or left over). */
export function isStateItem(key: string): boolean {
  return key.startsWith(TAB_PREFIX) || key.startsWith(SITE_PREFIX);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The index stored under `recovery`; anything else (nothing yet, another version's value) is empty. */
export function readIndex(raw: unknown): StateIndex {
  if (!isObject(raw) || !Array.isArray(raw.tabs) || !isObject(raw.sites)) return EMPTY_INDEX;
  const sites: Record<string, string> = {};
  for (const [origin, key] of Object.entries(raw.sites)) {
    if (typeof key === 'string' && key.startsWith(SITE_PREFIX)) sites[origin] = key;
  }
  return {
    ...(typeof raw.clock === 'number' && { clock: raw.clock }),
    ...(typeof raw.quiet === 'number' && { quiet: raw.quiet }),
    ...(isObject(raw.step) &&
      Number.isFinite(raw.step.by) &&
      Number.isFinite(raw.step.at) && { step: { by: raw.step.by as number, at: raw.step.at as number } }),
    tabs: raw.tabs.filter(Number.isInteger),
    sites,
    next: Number.isInteger(raw.next) && (raw.next as number) >= 0 ? (raw.next as number) : 0,
  };
}

/** The state the stored items make up (all of storage.session, or at least the items the index names). */
export function stateFromItems(items: Record<string, unknown>): { state: RecoveryState; index: StateIndex } {
  const index = readIndex(items[STORAGE_KEYS.recovery]);
  const tabs: RecoveryState['tabs'] = {};
  for (const id of index.tabs) {
    const tab = items[tabKey(id)];
    if (isObject(tab) && typeof tab.origin === 'string') tabs[id] = tab as unknown as TabRecovery;
  }
  const origins: RecoveryState['origins'] = {};
  // Sites are indexed by their schedule's key: the origin, marked for a private window's.
  for (const [site, key] of Object.entries(index.sites)) {
    const item = items[key];
    if (isObject(item) && typeof item.origin === 'string' && scheduleKey(item as { origin: string }) === site)
      origins[site] = item as unknown as OriginSchedule;
  }
  const state: RecoveryState =
    index === EMPTY_INDEX
      ? EMPTY_STATE
      : {
          tabs,
          origins,
          ...(index.clock !== undefined && { clock: index.clock }),
          ...(index.step && { step: index.step }),
          ...(index.quiet !== undefined && { quiet: index.quiet }),
        };
  return { state, index };
}

export interface StateWrite {
  /** What to `set`: the index and every changed item, in one call. */
  set: Record<string, unknown>;
  /** Items no longer named by the index, to remove once the set is stored. */
  remove: string[];
  index: StateIndex;
}

/** The write that turns the stored `before` (described by `index`) into `after`: only what changed. */
export function stateWrite(before: RecoveryState, after: RecoveryState, index: StateIndex): StateWrite {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [id, tab] of Object.entries(after.tabs)) {
    if (before.tabs[id] !== tab) set[tabKey(id)] = tab;
  }
  for (const id of Object.keys(before.tabs)) {
    if (!(id in after.tabs)) remove.push(tabKey(id));
  }
  const sites: Record<string, string> = {};
  let next = index.next;
  for (const [origin, schedule] of Object.entries(after.origins)) {
    let key = index.sites[origin];
    if (!key) key = `${SITE_PREFIX}${next++}`;
    sites[origin] = key;
    if (before.origins[origin] !== schedule || !index.sites[origin]) set[key] = schedule;
  }
  for (const [origin, key] of Object.entries(index.sites)) {
    if (!(origin in after.origins)) remove.push(key);
  }
  const nextIndex: StateIndex = {
    ...(after.clock !== undefined && { clock: after.clock }),
    ...(after.step && { step: after.step }),
    ...(after.quiet !== undefined && { quiet: after.quiet }),
    tabs: Object.keys(after.tabs).map(Number),
    sites,
    next,
  };
  set[STORAGE_KEYS.recovery] = nextIndex;
  return { set, remove, index: nextIndex };
}

/** Every item of a state, as a first write stores it (tests and fresh starts). */
export function stateItems(state: RecoveryState): Record<string, unknown> {
  return stateWrite(EMPTY_STATE, state, EMPTY_INDEX).set;
}
