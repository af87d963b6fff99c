// @vitest-environment happy-dom
/** The popup's view of a tab, composed from stored state: pure, and read from a fake browser's storage. */
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_STATE, type Incident } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { stateItems } from '../../src/core/state-items';
import { composeTabView } from '../../src/core/tab-view';
import { makeOrigin, makeTab, NOW } from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
const { readTabView } = await import('../../src/storage/tab-view');

const incident = (id: string, host: string): Incident => ({
  id,
  host,
  url: `https://${host}/`,
  code: 502,
  method: 'GET',
  layer: 'nginx',
  startedAt: NOW - 1000,
  endedAt: NOW,
  attempts: 2,
  outcome: 'recovered',
  checks: [],
});

const failingState = () => ({
  tabs: { 7: makeTab() },
  origins: { 'https://shop.example.com': makeOrigin() },
});

describe('composeTabView', () => {
  const base = { settings: { ...DEFAULT_SETTINGS }, now: NOW, online: true };

  it('gives a failing tab its site schedule and its own site history, at most five', () => {
    const history = [
      ...Array.from({ length: 7 }, (_, i) => incident(`s${i}`, 'shop.example.com')),
      incident('other', 'news.example'),
    ];
    const view = composeTabView({
      ...base,
      tabId: 7,
      state: failingState(),
      history,
      host: 'ignored.example',
    });
    expect(view.tab?.code).toBe(502);
    expect(view.origin?.attempts).toBe(3);
    expect(view.siteHistory.map((i) => i.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('gives a healthy tab no schedule and the history of the host it is on', () => {
    const history = [incident('a', 'shop.example.com'), incident('b', 'news.example')];
    const view = composeTabView({ ...base, tabId: 8, state: failingState(), history, host: 'news.example' });
    expect(view.tab).toBeNull();
    expect(view.origin).toBeNull();
    expect(view.siteHistory.map((i) => i.id)).toEqual(['b']);
    expect(
      composeTabView({ ...base, tabId: 8, state: EMPTY_STATE, history, host: null }).siteHistory,
    ).toEqual([]);
  });
});

describe('provider-wide outages in the view', () => {
  const base = { settings: { ...DEFAULT_SETTINGS }, now: NOW, online: true, host: null };
  const behindCloudflare = { layer: 'cloudflare' as const, chain: ['cloudflare' as const] };

  it('joins other failing tabs and recent history of unrelated sites through the same provider', () => {
    const state = {
      tabs: {
        7: makeTab({ ...behindCloudflare, startedAt: NOW - 60_000 }),
        8: makeTab({ ...behindCloudflare, tabId: 8, host: 'news.example', startedAt: NOW - 120_000 }),
      },
      origins: { 'https://shop.example.com': makeOrigin() },
    };
    const history = [{ ...incident('h', 'blog.example.net'), ...behindCloudflare, startedAt: NOW - 200_000 }];
    const view = composeTabView({ ...base, tabId: 7, state, history });
    expect(view.providerOutage).toEqual({
      provider: 'cloudflare',
      hosts: ['news.example', 'blog.example.net'],
      statusPage: 'https://www.cloudflarestatus.com/',
    });
    // Incidents stored before chains existed count by their one layer.
    const { chain: _none, ...old } = history[0]!;
    const alone = { ...state, tabs: { 7: state.tabs[7] } };
    expect(composeTabView({ ...base, tabId: 7, state: alone, history: [old] }).providerOutage?.hosts).toEqual(
      ['blog.example.net'],
    );
  });

  it('names no provider that a tab names only probably', () => {
    const heroku = { layer: 'heroku' as const, chain: ['heroku' as const] };
    const weak = { ...heroku, confidence: 'probable' as const, probable: ['heroku' as const] };
    const other = makeTab({ ...heroku, tabId: 8, host: 'news.example' });
    const state = (tab: ReturnType<typeof makeTab>) => ({ tabs: { 7: tab, 8: other }, origins: {} });
    expect(
      composeTabView({ ...base, tabId: 7, state: state(makeTab(heroku)), history: [] }).providerOutage,
    ).toMatchObject({ provider: 'heroku', hosts: ['news.example'] });
    expect(
      composeTabView({ ...base, tabId: 7, state: state(makeTab(weak)), history: [] }).providerOutage,
    ).toBeNull();
  });

  it("never draws on a private tab in a normal window; a private tab's view may use both", () => {
    const state = {
      tabs: {
        7: makeTab(behindCloudflare),
        8: makeTab({ ...behindCloudflare, tabId: 8, host: 'news.example', private: true }),
        9: makeTab({ ...behindCloudflare, tabId: 9, host: 'blog.example.net', private: true }),
      },
      origins: {
        'https://shop.example.com': makeOrigin(),
        'private https://shop.example.com': makeOrigin({ attempts: 9, private: true }),
      },
    };
    const normal = composeTabView({ ...base, tabId: 7, state, history: [] });
    expect(normal.providerOutage).toBeNull();
    expect(normal.origin?.attempts).toBe(3);
    expect(JSON.stringify(normal)).not.toMatch(/news\.example|blog\.example|"private"/);
    expect(composeTabView({ ...base, tabId: 8, state, history: [] }).providerOutage?.hosts).toEqual([
      'shop.example.com',
      'blog.example.net',
    ]);
  });

  it('says nothing for a tab alone, or a healthy one', () => {
    const state = { tabs: { 7: makeTab(behindCloudflare) }, origins: {} };
    expect(composeTabView({ ...base, tabId: 7, state, history: [] }).providerOutage).toBeNull();
    expect(composeTabView({ ...base, tabId: 9, state, history: [] }).providerOutage).toBeNull();
  });
});

describe('readTabView', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the state, settings and history the background stored', async () => {
    await fakeBrowser.storage.session.set(stateItems(failingState()));
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, maxAttempts: 4 } });
    await fakeBrowser.storage.local.set({ history: [incident('a', 'shop.example.com')] });
    const view = await readTabView(7);
    expect(view.tab?.phase).toBe('waiting');
    expect(view.settings.maxAttempts).toBe(4);
    expect(view.siteHistory.map((i) => i.id)).toEqual(['a']);
  });

  it('finds a healthy tab’s site from the tab itself', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://news.example/today' });
    await fakeBrowser.storage.local.set({ history: [incident('n', 'news.example')] });
    const view = await readTabView(tab.id!);
    expect(view.tab).toBeNull();
    expect(view.siteHistory.map((i) => i.id)).toEqual(['n']);
  });

  it('falls back to default settings and no history, but fails when the state cannot be read', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'get').mockRejectedValueOnce(new Error('sync off'));
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('broken'));
    const view = await readTabView(99);
    expect(view.settings).toEqual(DEFAULT_SETTINGS);
    expect(view.siteHistory).toEqual([]);
    vi.spyOn(fakeBrowser.storage.session, 'get').mockRejectedValueOnce(new Error('no session'));
    await expect(readTabView(99)).rejects.toThrow('no session');
  });
});
