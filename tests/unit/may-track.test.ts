/** Normal browsing skips the state queue: only tabs with an incident, or a failed load on its way in, go through it. */
import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

const { mayTrack, whileArriving } = await import('../../src/background/engine');
const { readState } = await import('../../src/background/state-store');

describe('which tabs may have an incident', () => {
  it('all of them before the state is read; then only those with one, or with a failed load arriving', async () => {
    expect(mayTrack(4)).toBe(true);
    await readState();
    expect(mayTrack(4)).toBe(false);
    let during = false;
    let release = () => {};
    const intake = whileArriving(4, async () => {
      during = mayTrack(4);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    // Two failed loads of one tab overlap: the tab counts until the last is in.
    const second = whileArriving(4, async () => {});
    await second;
    expect(during).toBe(true);
    expect(mayTrack(4)).toBe(true);
    expect(mayTrack(5)).toBe(false);
    release();
    await intake;
    expect(mayTrack(4)).toBe(false);
  });
});
