/** The storage glue with a fake browser: storage that fails, and the history caps. */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

const { MAX_INCIDENT_BYTES } = await import('../../src/core/bounds');
const { capHistory, appendHistory, clearHistory, readHistory, HISTORY_MAX_BYTES, HISTORY_MAX_ITEMS } =
  await import('../../src/background/history-store');
const { updateState, readState } = await import('../../src/background/state-store');

const incident = (i: number, urlLength = 20): Incident => ({
  id: `i${i}`,
  host: 'shop.example',
  url: `https://shop.example/${'x'.repeat(urlLength)}`,
  code: 502,
  method: 'GET',
  layer: 'nginx',
  startedAt: i,
  endedAt: i + 1,
  attempts: 3,
  outcome: 'recovered',
  checks: [],
});

describe('history store', () => {
  beforeEach(() => fakeBrowser.reset());

  it('caps by count and by size, keeping the newest', () => {
    const many = Array.from({ length: 500 }, (_, i) => incident(i));
    expect(capHistory(many)).toHaveLength(HISTORY_MAX_ITEMS);
    expect(capHistory(many)[0]?.id).toBe('i0');
    const big = Array.from({ length: 100 }, (_, i) => incident(i, 5000));
    const kept = capHistory(big);
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(kept.length).toBeGreaterThan(10);
  });

  it('keeps both of two incidents that end at the same moment', async () => {
    await Promise.all([appendHistory(incident(1)), appendHistory(incident(2))]);
    expect((await readHistory()).map((i) => i.id).sort()).toEqual(['i1', 'i2']);
  });

  it('clears in turn with appends: an append in flight never brings a cleared history back', async () => {
    await appendHistory(incident(1));
    const pending = appendHistory(incident(2));
    await clearHistory();
    await pending;
    expect(await readHistory()).toEqual([]);
    await appendHistory(incident(3));
    expect((await readHistory()).map((i) => i.id)).toEqual(['i3']);
  });

  it('trims a huge new incident instead of letting it push out the others, and stores no password', async () => {
    for (let i = 0; i < 30; i++) await appendHistory(incident(i, 3000));
    const huge: Incident = {
      ...incident(99),
      url: `https://user:pw-secret@shop.example/?q=${'x'.repeat(2_000_000)}`,
      checks: Array.from({ length: 5000 }, (_, at) => ({ at, ok: false, status: 502 })),
    };
    await appendHistory(huge);
    const kept = await readHistory();
    expect(kept).toHaveLength(31);
    expect(kept[0]?.id).toBe('i99');
    expect(JSON.stringify(kept[0]).length).toBeLessThanOrEqual(MAX_INCIDENT_BYTES);
    expect(JSON.stringify(kept)).not.toContain('pw-secret');
  });

  it('reads garbage in storage as an empty history', async () => {
    await fakeBrowser.storage.local.set({ history: 'not a list' });
    expect(await readHistory()).toEqual([]);
  });
});

describe('state store', () => {
  it('does not remember a change storage.session refused, and says it was not saved', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const set = vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValue(new Error('quota'));
    const tab = { tabId: 7, headers: [] } as never;
    const update = await updateState((state) => ({ state: { ...state, tabs: { 7: tab } }, value: null }));
    expect(update.saved).toBe(false);
    expect((await readState()).tabs[7]).toBeUndefined();
    // The full state, a smaller copy, then the state without the tab and the tab listed as held.
    expect(set).toHaveBeenCalledTimes(3);
    expect(set.mock.calls[2]?.[0]).toMatchObject({ held: [7] });
    expect(warn).toHaveBeenCalledTimes(1);
    set.mockRestore();
  });

  it('loses no change when several arrive at once', async () => {
    await Promise.all(
      [1, 2, 3].map((n) =>
        updateState((state) => ({
          state: { ...state, tabs: { ...state.tabs, [n]: { tabId: n } as never } },
          value: n,
        })),
      ),
    );
    expect(Object.keys((await readState()).tabs).sort()).toEqual(['1', '2', '3']);
  });
});
