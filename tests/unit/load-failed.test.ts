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
  /** What `tabs.query` answers: the tabs open when the background starts. */
  openTabs: [] as { id: number; url: string }[],
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
  tabs: { get: async () => world.tab, query: async () => world.openTabs, reload: noop, update: noop },
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

type Pages = typeof import('../../src/background/answered-pages');

/** One failure in a fresh worker with nothing stored; `before` is what that worker saw first. */
async function failWith(
  failure: 'dns' | 'refused',
  over: Record<string, unknown> = {},
  before: (pages: Pages) => void = () => {},
) {
  world.session = new FakeArea(10 * 1024 * 1024);
  vi.resetModules();
  const { loadFailed } = await import('../../src/background/load-failed');
  before(await import('../../src/background/answered-pages'));
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

  it('checks a reload of the page the tab last showed although Firefox already reports its error page', async () => {
    // Firefox ESR 153: no originUrl, and the tab may report the failing address, complete.
    world.tab = { ...world.tab, url: FAILING, status: 'complete' };
    world.openTabs = [];
    expect(await failWith('dns')).toMatchObject({ phase: 'not-retried', reason: 'unknown-name' });
    expect((await failWith('dns', {}, (p) => p.pageAnswered(3, FAILING)))?.phase).toBe('waiting');
    // An event page that started after the page loaded asks the open tabs once.
    world.openTabs = [{ id: 3, url: FAILING }];
    expect((await failWith('dns', {}, (p) => p.askOpenTabs()))?.phase).toBe('waiting');
  });

  it('leaves a name typed in a tab that last showed another site alone, and forgets a closed tab', async () => {
    world.tab = { ...world.tab, url: FAILING, status: 'complete' };
    world.openTabs = [];
    const typo = await failWith('dns', {}, (p) => p.pageAnswered(3, 'https://search.example/?q=shop'));
    expect(typo).toMatchObject({ phase: 'not-retried', reason: 'unknown-name' });
    const closed = await failWith('dns', {}, (p) => {
      p.pageAnswered(3, FAILING);
      p.forgetTabPage(3);
    });
    expect(closed).toMatchObject({ phase: 'not-retried', reason: 'unknown-name' });
  });
});
