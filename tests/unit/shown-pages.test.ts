/** Follow-up reloads wait for the confirming tab's page, but never longer than the bound. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FOLLOW_WAIT_MAX_MS, pageLeaving, pageShown, whenShown } from '../../src/background/shown-pages';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('waiting for a tab to show its page', () => {
  afterEach(() => vi.useRealTimers());

  it('resolves when the tab completes after its request, at once if it already has', async () => {
    vi.useFakeTimers();
    pageLeaving(7);
    const waiting = whenShown(7);
    expect(await settled(waiting)).toBe(false);
    pageShown(7);
    expect(await settled(waiting)).toBe(true);
    expect(await settled(whenShown(7))).toBe(true);
  });

  it('gives up after the bound when the page never completes (a heavy page, a worker that restarted)', async () => {
    vi.useFakeTimers();
    pageLeaving(8);
    const waiting = whenShown(8);
    vi.advanceTimersByTime(FOLLOW_WAIT_MAX_MS - 1);
    expect(await settled(waiting)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(waiting)).toBe(true);
  });

  it("a page shown before the tab's latest request does not count", async () => {
    vi.useFakeTimers();
    pageShown(9);
    pageLeaving(9);
    const waiting = whenShown(9);
    expect(await settled(waiting)).toBe(false);
    vi.advanceTimersByTime(FOLLOW_WAIT_MAX_MS);
    expect(await settled(waiting)).toBe(true);
  });
});
