/**
 * Random steps for the simulated browser (fast-check): what visitors, pages, sites, the system and
 * the browser do, in any order. Each step names tabs and windows by position among those open, so
 * every sequence stays meaningful as it shrinks.
 */
import fc from 'fast-check';
import type { Request } from '../../src/core/messages';
import type { Simulation } from './simulation';

/** Addresses visitors open in normal windows: a gateway behind nginx, one behind Cloudflare, a service-worker app. */
const NORMAL_URLS = [
  'https://a.test/page',
  'https://a.test/old',
  'https://a.test/app#/inbox',
  'https://b.test/',
  'https://sw.test/app',
  'https://sw.test/app#/inbox',
  `https://a.test/search?q=${'x'.repeat(2100)}`,
  `https://sw.test/search?q=${'y'.repeat(2100)}`,
];
/** Addresses in private windows: a private page of a shared site, a site only private windows visit, a worker app. */
const PRIVATE_URLS = [
  'https://a.test/private-1',
  'https://sw.test/private-app#/x',
  'https://c.priv.test/',
  'https://c.priv.test/private-app#/x',
];
const SITES = ['https://a.test', 'https://b.test', 'https://sw.test', 'https://c.priv.test'];

/** Every site starts down (502); b.test and c.priv.test fail through the same CDN (a provider outage). */
export async function setUpSites(sim: Simulation): Promise<void> {
  // Ten checks before giving up (about 4 minutes): sequences of a few minutes reach both recovery and giving up.
  await sim.changeSettings({ maxAttempts: 10 });
  for (const origin of SITES) sim.site(origin, { mode: 'down' });
  sim.site('https://b.test', { provider: 'cloudflare' });
  sim.site('https://c.priv.test', { provider: 'cloudflare' });
  sim.site('https://sw.test', { serviceWorker: true });
}

const pick = fc.nat({ max: 9 });

export const stepArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('open' as const), private: fc.boolean(), url: pick }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('visit' as const), tab: pick, url: pick, post: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('visitor-reload' as const), tab: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('page-reload' as const), tab: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('page-retry' as const), tab: pick, n: fc.nat({ max: 5 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), tab: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close-window' as const), private: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('activate' as const), tab: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prerender' as const), tab: pick, url: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('discard' as const), tab: pick }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('site' as const),
      site: fc.nat({ max: SITES.length - 1 }),
      // Sites come back as often as they fail, so recoveries (and their reloads) are played too.
      mode: fc.constantFrom(
        'up' as const,
        'up' as const,
        'up' as const,
        'down' as const,
        'down' as const,
        'session' as const,
        'hang' as const,
        'refused' as const,
      ),
      status: fc.constantFrom(502, 502, 503, 504, 500, 429),
      retryAfter: fc.constantFrom(undefined, '5', '60', 'date+60'),
      dateSkewMs: fc.constantFrom(0, 0, 300_000, -300_000),
      metaRefresh: fc.constantFrom(undefined, undefined, 5),
      emptyBody: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('all-up' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('popup' as const),
      tab: pick,
      type: fc.constantFrom('retry-now' as const, 'stop' as const, 'resume' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('settings' as const),
      enabled: fc.constantFrom(true, true, false),
      excludeB: fc.constantFrom(false, false, true),
      maxAttempts: fc.constantFrom(3, 10, 20),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('storage-fails' as const),
      area: fc.constantFrom('session' as const, 'local' as const),
      times: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('clock' as const),
      by: fc.constantFrom(-3_600_000, -90_000, 300_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sleep' as const),
      ms: fc.constantFrom(60_000, 3_600_000),
      monoAdvances: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('drift' as const), perMs: fc.constantFrom(0, 1e-5, 1e-4) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('update' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('offline' as const), ms: fc.constantFrom(3_000, 20_000) }),
  },
);

export type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** Time passing after a step: a page's load, a few checks, or most of the schedule's minute. */
export const waitArb = fc.constantFrom(100, 400, 2_000, 8_000, 30_000, 60_000);

export async function applyStep(sim: Simulation, step: Step): Promise<void> {
  const b = sim.browser;
  const tabs = b.liveTabs();
  const tabAt = (i: number) => (tabs.length === 0 ? undefined : tabs[i % tabs.length]);
  const urlFor = (incognito: boolean, i: number) =>
    incognito ? PRIVATE_URLS[i % PRIVATE_URLS.length]! : NORMAL_URLS[i % NORMAL_URLS.length]!;
  switch (step.kind) {
    case 'open': {
      const window =
        [...b.windows.values()].find((w) => !w.closed && w.incognito === step.private) ??
        b.openWindow(step.private);
      sim.openTab(window.id, urlFor(step.private, step.url));
      return;
    }
    case 'visit': {
      const tab = tabAt(step.tab);
      if (tab) sim.visit(tab.id, urlFor(tab.incognito, step.url), step.post ? 'POST' : 'GET');
      return;
    }
    case 'visitor-reload': {
      const tab = tabAt(step.tab);
      if (tab) sim.reloadByVisitor(tab.id);
      return;
    }
    case 'page-reload': {
      const tab = tabAt(step.tab);
      // Only a page that is shown can reload itself; a browser error page cannot.
      if (tab?.doc && !tab.doc.browserPage && tab.status === 'complete') sim.reloadByPage(tab.id);
      return;
    }
    case 'page-retry': {
      const tab = tabAt(step.tab);
      if (tab?.doc && !tab.doc.browserPage && tab.status === 'complete') {
        const url = new URL(tab.doc.url);
        url.searchParams.set('retry', String(step.n));
        sim.reloadByPage(tab.id, url.href);
      }
      return;
    }
    case 'close': {
      const tab = tabAt(step.tab);
      if (tab) b.closeTab(tab.id);
      return;
    }
    case 'close-window': {
      const window = [...b.windows.values()].find((w) => !w.closed && w.incognito === step.private);
      if (window) b.closeWindow(window.id);
      return;
    }
    case 'activate': {
      const tab = tabAt(step.tab);
      if (tab) b.activate(tab.id);
      return;
    }
    case 'prerender': {
      const tab = tabAt(step.tab);
      if (tab) b.prerender(tab.id, urlFor(tab.incognito, step.url));
      return;
    }
    case 'discard': {
      const tab = tabAt(step.tab);
      if (tab) b.discard(tab.id);
      return;
    }
    case 'site':
      sim.site(SITES[step.site]!, {
        mode: step.mode,
        downStatus: step.status,
        // An HTTP date 60 s ahead on the server's own clock, which may differ from the visitor's.
        retryAfter:
          step.retryAfter === 'date+60'
            ? new Date(sim.browser.clocks.trueNow() + step.dateSkewMs + 60_000).toUTCString()
            : step.retryAfter,
        dateSkewMs: step.dateSkewMs,
        metaRefresh: step.metaRefresh,
        emptyBody: step.emptyBody,
      });
      return;
    case 'all-up':
      // The outage ends everywhere.
      for (const origin of SITES) sim.site(origin, { mode: 'up' });
      return;
    case 'drift':
      b.clocks.driftPerMs = step.perMs;
      return;
    case 'popup': {
      const tab = tabAt(step.tab);
      if (tab) await sim.message({ type: step.type, tabId: tab.id } as Request);
      return;
    }
    case 'settings':
      await sim.changeSettings({
        enabled: step.enabled,
        excludedSites: step.excludeB ? ['b.test'] : [],
        maxAttempts: step.maxAttempts,
      });
      return;
    case 'storage-fails':
      b.failures[step.area] += step.times;
      return;
    case 'clock':
      b.clocks.jump(step.by);
      return;
    case 'sleep':
      await b.sleep(step.ms, step.monoAdvances);
      return;
    case 'restart':
      await sim.restartWorker();
      return;
    case 'update':
      await sim.updateExtension();
      return;
    case 'offline':
      // The connection drops for a while, then comes back.
      sim.setOnline(false);
      await sim.settle(step.ms);
      sim.setOnline(true);
      return;
  }
}
