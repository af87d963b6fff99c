/** The recovery state in storage.session: an index and one item per tab and site, written as it changes. */
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { EMPTY_INDEX, readIndex, stateFromItems, stateItems, stateWrite } from '../../src/core/state-items';
import { makeOrigin, makeTab } from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

const SHOP = 'https://shop.example.com';
const NEWS = 'https://news.example';

function twoSites(): RecoveryState {
  return {
    tabs: {
      7: makeTab({ tabId: 7, origin: SHOP }),
      8: makeTab({ tabId: 8, origin: SHOP }),
      9: makeTab({ tabId: 9, origin: NEWS, url: `${NEWS}/today`, host: 'news.example' }),
    },
    origins: {
      [SHOP]: makeOrigin({ origin: SHOP }),
      [NEWS]: makeOrigin({ origin: NEWS, probeUrl: `${NEWS}/today` }),
    },
    clock: 1000,
  };
}

/** Applies a write to a copy of the stored items, as storage would. */
function apply(items: Record<string, unknown>, write: { set: Record<string, unknown>; remove: string[] }) {
  const next = { ...items, ...structuredClone(write.set) };
  for (const key of write.remove) delete next[key];
  return next;
}

describe('the stored recovery state', () => {
  it('reads back what it wrote, and names no site in any key', () => {
    const state = twoSites();
    const items = stateItems(state);
    expect(stateFromItems(structuredClone(items)).state).toEqual(state);
    expect(Object.keys(items).join(' ')).not.toMatch(/example/);
  });

  it("keeps a private window's schedule of a site apart from the normal one's", () => {
    const state = twoSites();
    const withPrivate: RecoveryState = {
      ...state,
      tabs: { ...state.tabs, 10: makeTab({ tabId: 10, origin: SHOP, private: true }) },
      origins: {
        ...state.origins,
        [`private ${SHOP}`]: makeOrigin({ origin: SHOP, private: true, windows: [4], attempts: 1 }),
      },
    };
    expect(stateFromItems(structuredClone(stateItems(withPrivate))).state).toEqual(withPrivate);
  });

  it('writes only what a change touched, and removes what it ended', () => {
    const before = twoSites();
    const first = stateWrite(EMPTY_STATE, before, EMPTY_INDEX);
    let items = apply({}, first);
    // A check starts on one site: its schedule and the index, nothing else.
    const checking: RecoveryState = {
      ...before,
      origins: { ...before.origins, [SHOP]: { ...before.origins[SHOP]!, checkingSince: 1500 } },
      clock: 1500,
    };
    const check = stateWrite(before, checking, first.index);
    expect(Object.keys(check.set).sort()).toEqual([first.index.sites[SHOP], 'recovery'].sort());
    expect(check.remove).toEqual([]);
    items = apply(items, check);
    // The news tab goes, and with it its site.
    const { 9: _gone, ...tabs } = checking.tabs;
    const { [NEWS]: _site, ...origins } = checking.origins;
    const after: RecoveryState = { tabs, origins, clock: 2000 };
    const end = stateWrite(checking, after, check.index);
    expect(Object.keys(end.set)).toEqual(['recovery']);
    expect(end.remove.sort()).toEqual(['tab:9', first.index.sites[NEWS]!].sort());
    items = apply(items, end);
    expect(stateFromItems(items).state).toEqual(after);
  });

  it('a site that comes back later gets a new item; an old one left behind is never read', () => {
    const state = twoSites();
    const first = stateWrite(EMPTY_STATE, state, EMPTY_INDEX);
    const without: RecoveryState = { tabs: {}, origins: {}, clock: 2 };
    const cleared = stateWrite(state, without, first.index);
    // The removal never happened: the items are still there, the index no longer names them.
    const items = { ...apply({}, first), recovery: cleared.index };
    expect(stateFromItems(items).state).toEqual(without);
    const again = stateWrite(without, state, cleared.index);
    expect(Object.values(again.index.sites)).not.toContain(first.index.sites[SHOP]);
    expect(stateFromItems(apply(items, again)).state).toEqual(state);
  });

  it('reads anything that is not an index, or items that do not match it, as nothing', () => {
    for (const raw of [undefined, null, 'x', 3, [], { tabs: {} }, { tabs: 1, sites: {} }]) {
      expect(readIndex(raw)).toEqual(EMPTY_INDEX);
      expect(stateFromItems({ recovery: raw }).state).toEqual(EMPTY_STATE);
    }
    // The value an earlier version stored under `recovery` (the whole state) is not an index.
    expect(stateFromItems({ recovery: twoSites() }).state).toEqual(EMPTY_STATE);
    const items = stateItems(twoSites());
    const index = items.recovery as { sites: Record<string, string> };
    const broken = { ...items, 'tab:7': 'x', [index.sites[NEWS]!]: { origin: 'https://elsewhere.example' } };
    const read = stateFromItems(broken).state;
    expect(Object.keys(read.tabs)).toEqual(['8', '9']);
    expect(Object.keys(read.origins)).toEqual([SHOP]);
  });
});
