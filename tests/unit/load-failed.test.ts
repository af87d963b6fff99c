/**
 * The glue for loads that got no answer: what the tab knows at the failure decides whether an
 * unresolved name is checked, and the incident is stored as the machine made it. The browser is fake
 * (tabs and storage); the engine and the machine are ours.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecoveryState } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { FakeArea } from './support/fake-storage';

const noop = async () => {};
const world = {
  session: new FakeArea(10 * 1024 * 1024),
  /** What `tabs.get` answers for the failing tab right after the failure. */
  tab: { id: 3, active: true, windowId: 1, incognito: false, url: 'about:blank', status: 'loading' },
};
const fakeBrowser = {
  get storage() {
    return {
      session: world.session,
      local: new FakeArea(1_000_000),
      sync: new FakeArea(100_000),
      onChanged: { addListener: () => {}, removeListener: () => {} },
    };
  },
  tabs: { get: async () => world.tab, reload: noop, update: noop },
  alarms: { create: noop, clear: noop },
  action: { setBadgeText: noop, setBadgeBackgroundColor: noop, setTitle: noop, setIcon: noop },
  notifications: { create: noop, clear: noop },
  runtime: { getURL: (path: string) => `chrome-extension://test/${path}` },
  i18n: { getMessage: (key: string) => key },
};
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

const stored = (): RecoveryState =>
  stateFromItems(Object.fromEntries([...world.session.data.keys()].map((k) => [k, world.session.value(k)])))
    .state;

const FAILING = 'http://shop.example/cart';
const details = (over: Record<string, unknown> = {}) =>
  ({
    tabId: 3,
    url: FAILING,
    method: 'GET',
    error: 'net::ERR_NAME_NOT_RESOLVED',
    requestId: '1',
    frameId: 0,
    parentFrameId: -1,
    type: 'main_frame',
    timeStamp: Date.now(),
    fromCache: false,
    ...over,
  }) as never;

/** One failure in a fresh worker with nothing stored. */
async function failWith(failure: 'dns' | 'refused', over: Record<string, unknown> = {}) {
  world.session = new FakeArea(10 * 1024 * 1024);
  vi.resetModules();
  const { loadFailed } = await import('../../src/background/load-failed');
  await loadFailed(details(over), failure, 40);
  return stored().tabs[3];
}

beforeEach(() => {
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
});

describe('a load that got no answer, through the glue', () => {
  it('stores a refused load as a waiting incident with code 0 and its kind', async () => {
    expect(await failWith('refused')).toMatchObject({
      phase: 'waiting',
      code: 0,
      failure: 'refused',
      requestMs: 40,
    });
  });

  it('checks a name a page of the same site linked to, as Chromium and Firefox report it', async () => {
    world.tab = { ...world.tab, url: 'about:blank', status: 'loading' };
    expect((await failWith('dns', { initiator: 'http://www.shop.example' }))?.phase).toBe('waiting');
    expect((await failWith('dns', { originUrl: 'http://shop.example/' }))?.phase).toBe('waiting');
  });

  it('checks a reload of the page the tab showed, and leaves a name typed in another site tab alone', async () => {
    world.tab = { ...world.tab, url: FAILING, status: 'loading' };
    expect((await failWith('dns'))?.phase).toBe('waiting');
    world.tab = { ...world.tab, url: 'https://search.example/?q=shop', status: 'loading' };
    expect(await failWith('dns')).toMatchObject({ phase: 'not-retried', reason: 'unknown-name' });
  });
});
