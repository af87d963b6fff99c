/**
 * The real engine, state store and history store over storage that fails or fills up at random
 * points, fed by pages a test controls: addresses up to 2 MB (some with a password), header sets up
 * to 1 MB, up to 200 tabs over 50 sites. Whatever happens, no reload and no check is made from a
 * state that was not stored, every stored item stays within its bound, no password is stored, and
 * the history keeps the incidents it had.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_HEADER_BYTES,
  MAX_HEADER_NAME_BYTES,
  MAX_HEADER_VALUE_BYTES,
  MAX_HEADERS,
  MAX_INCIDENT_BYTES,
  MAX_URL_BYTES,
} from '../../src/core/bounds';
import type { HeaderList } from '../../src/core/layer';
import type { Incident, RecoveryState } from '../../src/core/recovery-state';
import { stateFromItems } from '../../src/core/state-items';
import { FakeArea } from './support/fake-storage';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text).length;
/** Chrome's and Firefox's storage.session quota. */
const SESSION_QUOTA = 10 * 1024 * 1024;
const LOCAL_QUOTA = 10 * 1024 * 1024;

interface World {
  session: FakeArea;
  local: FakeArea;
  sync: FakeArea;
  reloads: number[];
  probes: string[];
  violations: string[];
}

let world: World;

/** The recovery state as a restarted worker would read it from storage.session. */
const storedState = (): RecoveryState =>
  stateFromItems(Object.fromEntries([...world.session.data.keys()].map((k) => [k, world.session.value(k)])))
    .state;
const noop = async () => {};
const fakeBrowser = {
  get storage() {
    return {
      session: world.session,
      local: world.local,
      sync: world.sync,
      onChanged: { addListener: () => {}, removeListener: () => {} },
    };
  },
  tabs: {
    reload: async (tabId: number) => {
      // The reload must come from the state as stored now: that is what a restarted worker knows.
      const stored = storedState();
      if (stored?.tabs[tabId]?.phase !== 'reloading') {
        world.violations.push(`reload of tab ${tabId} not backed by the stored state`);
      }
      world.reloads.push(tabId);
    },
    get: async (tabId: number) => ({ id: tabId, active: false, windowId: 1, incognito: false }),
  },
  windows: { get: async () => ({ focused: false }) },
  alarms: { create: noop, clear: noop },
  action: { setBadgeText: noop, setBadgeBackgroundColor: noop, setTitle: noop, setIcon: noop },
  notifications: { create: noop, clear: noop },
  runtime: { getURL: (path: string) => `chrome-extension://test/${path}` },
  i18n: { getMessage: (key: string) => key },
};
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

function newWorld(failSession: () => boolean, failLocal: () => boolean, sessionQuota = SESSION_QUOTA): World {
  return {
    session: new FakeArea(sessionQuota, failSession),
    local: new FakeArea(LOCAL_QUOTA, failLocal),
    sync: new FakeArea(100_000),
    reloads: [],
    probes: [],
    violations: [],
  };
}

/** A fresh engine and stores: their memory of the last run must not leak into the next. */
async function freshEngine() {
  vi.resetModules();
  const engine = await import('../../src/background/engine');
  const machine = await import('../../src/core/recovery');
  return { engine, machine };
}

let answer = 502;
// Time passes on both clocks, as on a real machine: the engine takes a wall clock that moves alone
// for the visitor setting the clock, and undoes it.
let monotonic = 0;
function passTime(ms: number) {
  monotonic += ms;
  vi.setSystemTime(Date.now() + ms);
}
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(1_700_000_000_000);
  vi.spyOn(performance, 'now').mockImplementation(() => monotonic);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.stubGlobal('fetch', async (url: string) => {
    const stored = storedState();
    const origin = new URL(url).origin;
    if (stored?.origins[origin]?.checkingSince == null) {
      world.violations.push(`check of ${origin} not backed by the stored state`);
    }
    const parsed = new URL(url);
    if (parsed.username || parsed.password || url.includes('s3cret')) {
      world.violations.push('check sent with credentials');
    }
    if (bytes(url) > MAX_URL_BYTES) world.violations.push('check of an unbounded URL');
    world.probes.push(url);
    return new Response(null, { status: answer });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const SITES = 50;
const TABS = 200;

const urlArb = fc.record({
  site: fc.integer({ min: 0, max: SITES - 1 }),
  path: fc.webPath(),
  padding: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 4096 }),
    fc.integer({ min: 0, max: 2_000_000 }),
  ),
  padChar: fc.constantFrom('a', '%E3%81%82', 'é', '𝄞'),
  credentials: fc.boolean(),
  fragment: fc.boolean(),
});
type UrlSpec = typeof urlArb extends fc.Arbitrary<infer T> ? T : never;
function urlOf(u: UrlSpec): string {
  const auth = u.credentials ? 'user:s3cret-pass@' : '';
  const pad = u.padding ? `?q=${u.padChar.repeat(Math.ceil(u.padding / u.padChar.length))}` : '';
  return `https://${auth}site${u.site}.example${u.path || '/'}${pad}${u.fragment ? '#part' : ''}`;
}

/** Header sets up to about 1 MB: many headers, or few enormous names and values. */
const headersArb: fc.Arbitrary<HeaderList> = fc
  .record({
    count: fc.integer({ min: 0, max: 2000 }),
    nameBytes: fc.integer({ min: 1, max: 400_000 }),
    valueBytes: fc.integer({ min: 0, max: 500_000 }),
    bigOnes: fc.integer({ min: 0, max: 1 }),
  })
  .map(({ count, nameBytes, valueBytes, bigOnes }) => {
    const list: { name: string; value: string }[] = [{ name: 'server', value: 'nginx' }];
    if (bigOnes) list.push({ name: `x-${'n'.repeat(nameBytes)}`, value: 'v'.repeat(valueBytes) });
    for (let i = 0; i < count; i++) list.push({ name: `x-h${i}`, value: 'w'.repeat(200) });
    list.push({ name: 'set-cookie', value: 'session=secret-cookie' });
    return list;
  });

const eventArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('fail' as const),
      tab: fc.integer({ min: 0, max: TABS - 1 }),
      url: urlArb,
      headers: headersArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('ok' as const), tab: fc.integer({ min: 0, max: TABS - 1 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('close' as const), tab: fc.integer({ min: 0, max: TABS - 1 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('checks' as const),
      status: fc.constantFrom(200, 401, 502, 503),
    }),
  },
);

const seeded: Incident[] = Array.from({ length: 10 }, (_, i) => ({
  id: `seed-${i}`,
  host: `old${i}.example`,
  url: `https://old${i}.example/page`,
  code: 502,
  method: 'GET',
  layer: 'unknown',
  startedAt: 1_600_000_000_000 + i,
  endedAt: 1_600_000_000_500 + i,
  attempts: 2,
  outcome: 'recovered',
  checks: [],
}));

function assertBounded(state: RecoveryState) {
  for (const t of Object.values(state.tabs)) {
    expect(bytes(t.url)).toBeLessThanOrEqual(MAX_URL_BYTES);
    expect(t.url).not.toContain('s3cret');
    expect(t.headers.length).toBeLessThanOrEqual(MAX_HEADERS);
    expect(bytes(JSON.stringify(t.headers))).toBeLessThanOrEqual(MAX_HEADER_BYTES);
    for (const [name, value] of t.headers) {
      expect(bytes(name)).toBeLessThanOrEqual(MAX_HEADER_NAME_BYTES);
      expect(bytes(value)).toBeLessThanOrEqual(MAX_HEADER_VALUE_BYTES);
      expect(name).not.toBe('set-cookie');
    }
  }
  for (const o of Object.values(state.origins)) {
    expect(bytes(o.probeUrl)).toBeLessThanOrEqual(MAX_URL_BYTES);
    expect(o.probeUrl).not.toContain('s3cret');
  }
}

describe('storage that fails at random points', () => {
  it('never acts on unsaved state, keeps every stored item bounded and the history intact', async () => {
    let acted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
        fc.constantFrom(SESSION_QUOTA, 64 * 1024, 8 * 1024),
        async (events, sessionFails, localFails, sessionQuota) => {
          let s = 0;
          let l = 0;
          // The engine of the run before is gone: its wake-up timer must not act on this run's storage.
          vi.clearAllTimers();
          world = newWorld(
            () => sessionFails[s++ % sessionFails.length]!,
            () => localFails[l++ % localFails.length]!,
            sessionQuota,
          );
          world.local.seed('history', seeded);
          const { engine, machine } = await freshEngine();
          for (const ev of events) {
            vi.advanceTimersByTime(0);
            switch (ev.kind) {
              case 'fail':
                await engine.dispatch((state, ctx) =>
                  machine.loadCompleted(
                    state,
                    {
                      tabId: ev.tab,
                      url: urlOf(ev.url),
                      method: 'GET',
                      statusCode: 502,
                      headers: ev.headers,
                    },
                    ctx,
                  ),
                );
                break;
              case 'ok': {
                const tab = (await import('../../src/background/state-store')).readState;
                const url = (await tab()).tabs[ev.tab]?.url ?? 'https://site0.example/';
                await engine.dispatch((state, ctx) =>
                  machine.loadCompleted(state, { tabId: ev.tab, url, method: 'GET', statusCode: 200 }, ctx),
                );
                break;
              }
              case 'close':
                await engine.dispatch((state, ctx) => machine.tabClosed(state, ev.tab, ctx.now));
                break;
              case 'checks':
                answer = ev.status;
                passTime(130_000);
                await engine.runDueChecks();
                break;
            }
          }
          expect(world.violations).toEqual([]);
          acted += world.reloads.length + world.probes.length;
          refused += world.session.writes.filter((w) => !w.ok).length;
          const stored = storedState();
          if (stored) assertBounded(stored);
          const history = (world.local.value('history') ?? []) as Incident[];
          for (const item of history) {
            expect(bytes(JSON.stringify(item))).toBeLessThanOrEqual(MAX_INCIDENT_BYTES);
            expect(item.url).not.toContain('s3cret');
          }
          // At most 40 incidents were added, far below the caps: every older one is still there.
          expect(seeded.every((old) => history.some((i) => i.id === old.id))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
    // The runs did reach checks and reloads, and writes were refused along the way.
    expect(acted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);

  it('with 200 failing tabs over 50 sites and the largest pages, storage.session stays far from its quota', async () => {
    world = newWorld(
      () => false,
      () => false,
    );
    const { engine, machine } = await freshEngine();
    const huge: HeaderList = Array.from({ length: 200 }, (_, i) => ({
      name: `x-${'n'.repeat(2000)}-${i}`,
      value: 'v'.repeat(2500),
    }));
    const twoMegabytes = '%C3%A9'.repeat(350_000);
    const twentyKilobytes = '%C3%A9'.repeat(3500);
    for (let tab = 0; tab < TABS; tab++) {
      // Every tenth address is 2 MB (copying 200 of them would only slow the test), the others 20 KB.
      const query = tab % 10 === 0 ? twoMegabytes : twentyKilobytes;
      const url = `https://user:s3cret-pass@site${tab % SITES}.example/${tab}?q=${query}`;
      await engine.dispatch((state, ctx) =>
        machine.loadCompleted(state, { tabId: tab, url, method: 'GET', statusCode: 502, headers: huge }, ctx),
      );
    }
    const stored = storedState();
    expect(Object.keys(stored.tabs)).toHaveLength(TABS);
    expect(Object.keys(stored.origins)).toHaveLength(SITES);
    assertBounded(stored);
    // About 1 MB of Chrome's and Firefox's 10 MB.
    expect(world.session.bytes()).toBeLessThan(SESSION_QUOTA / 8);
    // Each site is then checked at the page's path (the query was cut), never with the password.
    passTime(5_000);
    answer = 401;
    await engine.runDueChecks();
    expect(world.violations).toEqual([]);
    expect(world.probes).toHaveLength(SITES);
    expect(world.probes.every((u) => /^https:\/\/site\d+\.example\/\d+$/.test(u))).toBe(true);
    // A 401 means the site answers: one tab of each site is reloaded to confirm it (the others follow
    // once that one is back).
    expect(world.reloads).toHaveLength(SITES);
    expect(new Set(world.reloads.map((tab) => tab % SITES)).size).toBe(SITES);
  }, 60_000);

  it('when every write fails, nothing is reloaded or checked and the tab is not remembered', async () => {
    world = newWorld(
      () => true,
      () => false,
    );
    const { engine, machine } = await freshEngine();
    await engine.dispatch((state, ctx) =>
      machine.loadCompleted(
        state,
        { tabId: 3, url: 'https://a.example/', method: 'GET', statusCode: 502 },
        ctx,
      ),
    );
    passTime(5_000);
    const after = await engine.runDueChecks();
    expect(after.tabs).toEqual({});
    expect(world.probes).toEqual([]);
    expect(world.reloads).toEqual([]);
  });

  it('when only the full state does not fit, the tabs concerned are held and the popup is told', async () => {
    // Room for a small state, not for one tab with 2 KB of headers.
    world = newWorld(
      () => false,
      () => false,
      1500,
    );
    const { engine, machine } = await freshEngine();
    const headers = Array.from({ length: 40 }, (_, i) => ({ name: `x-${i}`, value: 'v'.repeat(60) }));
    await engine.dispatch((state, ctx) =>
      machine.loadCompleted(
        state,
        { tabId: 4, url: 'https://a.example/', method: 'GET', statusCode: 502, headers },
        ctx,
      ),
    );
    // The smaller copy (headers dropped) fits: the tab is kept and checked.
    const stored = storedState();
    expect(stored.tabs[4]?.phase).toBe('waiting');
    expect(stored.tabs[4]?.headers).toEqual([]);

    const long = `https://b.example/${'p'.repeat(1900)}`;
    await engine.dispatch((state, ctx) =>
      machine.loadCompleted(state, { tabId: 5, url: long, method: 'GET', statusCode: 502 }, ctx),
    );
    const now = storedState();
    expect(now.tabs[5]).toBeUndefined();
    expect(now.tabs[4]?.phase).toBe('waiting');
    expect(world.session.value('held')).toEqual([5]);
    const { composeTabView } = await import('../../src/core/tab-view');
    const { DEFAULT_SETTINGS } = await import('../../src/core/settings');
    const view = (tabId: number) =>
      composeTabView({
        tabId,
        state: now,
        settings: DEFAULT_SETTINGS,
        history: [],
        host: null,
        now: 0,
        online: true,
        held: [5],
      });
    expect(view(5).held).toBe(true);
    expect(view(4).held).toBeUndefined();
  });
});
