/** The background's start with a fake browser: private schedules of windows closed meanwhile go. */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeOrigin } from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

const { forgetGoneWindows } = await import('../../src/background/startup-scan');
const { updateState, readState } = await import('../../src/background/state-store');

const SHOP = 'https://shop.example.com';

describe('at the start of the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it("forgets the private schedules of windows that closed meanwhile, and keeps an open one's", async () => {
    const { id: open } = (await fakeBrowser.windows.create({ incognito: true }))!;
    await updateState(async (state) => ({
      state: {
        ...state,
        origins: {
          [`private ${SHOP}`]: makeOrigin({
            private: true,
            windows: [open!],
            forgetAt: Date.now() + 60_000,
          }),
          'private https://news.example': makeOrigin({
            origin: 'https://news.example',
            private: true,
            windows: [open! + 1000],
            forgetAt: Date.now() + 60_000,
          }),
          [SHOP]: makeOrigin({ forgetAt: Date.now() + 60_000 }),
        },
      },
      value: undefined,
    }));
    await forgetGoneWindows();
    expect(Object.keys((await readState()).origins).sort()).toEqual([SHOP, `private ${SHOP}`]);
  });
});
