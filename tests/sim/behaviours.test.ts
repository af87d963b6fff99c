/**
 * Issue 21's "What visitors meet today", the bugs the random runs found, and issue 23's checks
 * beside the browser: one named test per behaviour, each driving the real background in the
 * simulated browser through that situation and asserting what must happen. `// fixed by:` names
 * the fix that made it pass (each failed before it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../src/core/backoff';
import { SITE_WINDOW_MAX, SITE_WINDOW_MS } from '../../src/core/recovery/context';
import { useLocale } from '../unit/support/fake-i18n-browser';
import { brokenInvariants, Seen } from './invariants';
import { Simulation } from './simulation';
import { applyStep, type Step, setUpSites } from './steps';

let sim: Simulation;
beforeEach(async () => {
  sim = await Simulation.start();
});
afterEach(() => {
  useLocale('en');
  sim.stop();
});

const A = 'https://a.test';
const SW = 'https://sw.test';

/** Opens `url` in a new tab of a new window (private or not) and lets its load end. */
async function open(url: string, incognito = false): Promise<number> {
  const tab = sim.openTab(sim.openWindow(incognito), url);
  await sim.settle();
  return tab;
}

const stored = () => sim.browser.storedState();
const requestsTo = (origin: string) =>
  sim.browser.network.log.filter(
    (r) =>
      r.origin === origin &&
      (r.sender === 'check' || (r.sender === 'extension' && r.reloadKind !== 'follow')),
  );
/** The most requests the extension sent to the site in any 60 s. */
function busiestMinute(origin: string): number {
  const times = requestsTo(origin).map((r) => r.real);
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - SITE_WINDOW_MS && u <= t).length));
}

/**
 * Plays a soak counterexample's steps again as the random runs did (a new browser with their sites,
 * jitter seed 0, Chromium), `each` after every step has settled.
 */
async function replay(
  steps: [Step, number][],
  each?: (step: Step, i: number) => Promise<void>,
): Promise<void> {
  sim.stop();
  sim = await Simulation.start(0);
  await setUpSites(sim);
  for (const [i, [step, wait]] of steps.entries()) {
    await applyStep(sim, step);
    await sim.settle(wait);
    await each?.(step, i);
  }
}

/** A soak step that changes how a site answers. */
const siteStep = (site: number, mode: 'up' | 'down' | 'session', status: 502 | 429 = 502): Step => ({
  kind: 'site',
  site,
  mode,
  status,
  retryAfter: undefined,
  dateSkewMs: 0,
  metaRefresh: undefined,
  emptyBody: false,
});

describe('private windows', () => {
  // fixed by: the provider note counts only tabs of the popup's own kind of window
  it("a normal window's popup never names a site failing in a private window", async () => {
    sim.site('https://b.test', { mode: 'down', provider: 'cloudflare' });
    sim.site('https://c.priv.test', { mode: 'down', provider: 'cloudflare' });
    await open('https://c.priv.test/', true);
    const normal = await open('https://b.test/');
    const view = await sim.view(normal);
    expect(view?.tab?.phase).toBe('waiting');
    expect(JSON.stringify(view)).not.toContain('priv.test');
  });

  // fixed by: "Delete cache and cookies" acts on the private window only (or is not offered there)
  it("clearing a private tab's site data leaves the normal profile's cookies alone", async () => {
    sim.site(A, { mode: 'up' });
    await open(`${A}/page`);
    expect(sim.browser.cookies.normal.has(A)).toBe(true);
    sim.site(A, { mode: 'down' });
    const privateTab = await open(`${A}/private-1`, true);
    const view = await sim.view(privateTab);
    expect(view?.tab?.private).toBe(true);
    // What the popup's button calls for the tab it shows (src/popup/App.tsx).
    const { clearSiteData } = await import('../../src/popup/browser-fixes');
    await clearSiteData(view!.tab!, true);
    expect(sim.browser.cookies.normal.has(A)).toBe(true);
  });

  // fixed by: a private site's budget is kept (in memory) while its window is open
  it('a private page retrying itself every 2 s draws at most 8 requests a minute', async () => {
    sim.site('https://c.priv.test', { mode: 'down' });
    const tab = await open('https://c.priv.test/', true);
    for (let i = 1; i <= 30; i++) {
      sim.reloadByPage(tab, `https://c.priv.test/?retry=${i}`);
      await sim.settle(2_000);
    }
    expect(requestsTo('https://c.priv.test').length).toBeGreaterThan(0);
    expect(busiestMinute('https://c.priv.test')).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  it("a site's private and normal checks, due together, leave room for both reloads that follow", async () => {
    // Soak seed -1853580339: both waited for room in the site's minute, started at once, each keeping
    // room for its own reload only: 9 requests in a minute once the site answered.
    sim.site(A, { mode: 'down' });
    await open(`${A}/private-1`, true);
    await sim.settle(60_000);
    await open(`${A}/page`);
    await sim.settle(30_000);
    // After an update both wait for the end of the private site's minute, and are due together.
    await sim.updateExtension();
    await sim.settle(60_000);
    sim.site(A, { mode: 'up' });
    await sim.settle(40_000);
    expect(sim.browser.extensionLoads.length).toBeGreaterThan(0);
    expect(busiestMinute(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  // fixed by: "Try again" keeps a private site's schedule private
  it('"Try again" on a private tab leaves nothing of its site once the window closes', async () => {
    await sim.changeSettings({ maxAttempts: 2 });
    sim.site('https://c.priv.test', { mode: 'down' });
    const window = sim.openWindow(true);
    const tab = sim.openTab(window, 'https://c.priv.test/');
    await sim.settle(10_000);
    expect(stored().tabs[tab]?.phase).toBe('gave-up');
    await sim.message({ type: 'retry-now', tabId: tab });
    await sim.settle(5_000);
    sim.browser.closeWindow(window);
    await sim.settle();
    const session = [...sim.browser.areas.session.data.values()].join(' ');
    expect(session).not.toContain('priv.test');
  });

  // fixed in the simulated browser: a closed private window's sites are all it showed, not only what its tabs show at the close
  it("a private window's checks of a site its tab left go with the window; the site's minute starts again at its close", async () => {
    // Soak seed -1449088901, replayed step by step: two checks of sw.test for a private tab that then
    // went to a.test; the window's close forgot them (privacy wins, "Private windows"), and a normal
    // tab of sw.test failing after drew its own 7 checks in the next 45 s.
    const up = siteStep(0, 'up');
    const steps: [Step, number][] = [
      [{ kind: 'open', private: false, url: 0 }, 100],
      [{ kind: 'open', private: true, url: 5 }, 100],
      [{ kind: 'close', tab: 0 }, 100],
      [{ kind: 'visitor-reload', tab: 0 }, 100],
      [{ kind: 'open', private: false, url: 0 }, 100],
      [{ kind: 'popup', tab: 0, type: 'retry-now' }, 2_000],
      [{ kind: 'visitor-reload', tab: 0 }, 400],
      [{ kind: 'visit', tab: 0, url: 0, post: false }, 100],
      [{ kind: 'close-window', private: true }, 100],
      [{ kind: 'open', private: false, url: 4 }, 100],
      [up, 100],
      [{ kind: 'visitor-reload', tab: 0 }, 60_000],
    ];
    const seen = new Seen();
    await replay(steps, async (step, i) => {
      expect(await brokenInvariants(sim, seen), `after step ${i}`).toEqual([]);
      if (step.kind === 'close-window') {
        expect(requestsTo(SW).length).toBeGreaterThan(0);
        expect(Object.keys(stored().origins)).toEqual([A]);
      }
    });
    const close = sim.browser.privateCloses[0]!;
    expect([...close.origins].sort()).toEqual([A, SW]);
    const after = requestsTo(SW).filter((r) => r.real > close.real);
    expect(after.length).toBeGreaterThan(SITE_WINDOW_MAX - 2);
    expect(after.filter((r) => r.real <= close.real + SITE_WINDOW_MS).length).toBeLessThanOrEqual(
      SITE_WINDOW_MAX,
    );
  });
});

describe('storage that refuses writes', () => {
  it('a private tab closed while storage refuses every write leaves nothing of it once its window closed', async () => {
    sim.site('https://c.priv.test', { mode: 'down' });
    const window = sim.openWindow(true);
    const tab = sim.openTab(window, 'https://c.priv.test/private-app');
    await sim.settle(2_000);
    expect(stored().tabs[tab]).toBeDefined();
    // The full copy, the smaller copy and the held list: all three writes of the close fail.
    sim.browser.failures.session = 3;
    sim.browser.closeTab(tab);
    await sim.settle(100);
    sim.browser.closeWindow(window);
    await sim.settle(2_000);
    expect([...sim.browser.areas.session.data.values()].join(' ')).not.toContain('priv.test');
  });

  it('a private window closed while storage refuses every write leaves nothing of it', async () => {
    // Soak seed -419219904: the tab's close and the window's were stored in one batch, which storage
    // refused; the next try (1 s later) came after the window had gone. The clock set back an hour
    // puts the next check far off, so no other write comes first.
    sim.site(A, { mode: 'down' });
    const window = sim.openWindow(true);
    const first = sim.openTab(window, `${A}/private-1`);
    await sim.settle(100);
    sim.visit(first, 'https://sw.test/private-app#/x');
    sim.openTab(window, `${A}/private-1`);
    await sim.settle(100);
    sim.browser.clocks.jump(-3_600_000);
    await sim.settle(8_000);
    sim.browser.failures.session = 3;
    sim.browser.closeWindow(window);
    await sim.settle(100);
    expect([...sim.browser.areas.session.data.values()].join(' ')).not.toContain('/private-');
  });

  it('a page that loaded fine while storage refused every write is never reloaded', async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(2_000);
    sim.site(A, { mode: 'up' });
    sim.browser.failures.session = 3;
    sim.reloadByVisitor(tab);
    await sim.settle(60_000);
    expect(sim.tab(tab).doc?.status).toBe(200);
    expect(sim.browser.extensionLoads).toEqual([]);
    expect(stored().tabs[tab]).toBeUndefined();
  });
});

describe('addresses and navigation', () => {
  // fixed by: a page-read tab is returned to its exact address, or reloaded when it is not known
  it('a tab read from the page with an address over 2 KB comes back to that exact address', async () => {
    const url = `${SW}/search?q=${'y'.repeat(2100)}`;
    sim.site(SW, { mode: 'down', serviceWorker: true });
    const tab = await open(url);
    await sim.settle(2_000);
    expect(stored().tabs[tab]?.source).toBe('page');
    sim.site(SW, { mode: 'up' });
    await sim.settle(10_000);
    expect(sim.browser.extensionLoads.length).toBeGreaterThan(0);
    for (const load of sim.browser.extensionLoads)
      expect(load.how === 'reload' || load.url === url).toBe(true);
    expect(sim.tab(tab).url).toBe(url);
    expect(sim.tab(tab).doc?.status).toBe(200);
  });

  // fixed by: the return to a page-read tab keeps its #fragment
  it('a single-page app read from the page comes back with its #fragment', async () => {
    sim.site(SW, { mode: 'down', serviceWorker: true });
    const tab = await open(`${SW}/app#/inbox`);
    await sim.settle(2_000);
    sim.site(SW, { mode: 'up' });
    await sim.settle(10_000);
    expect(sim.tab(tab).doc?.status).toBe(200);
    expect(sim.tab(tab).url).toBe(`${SW}/app#/inbox`);
  });

  // fixed by: only a navigation of the tab's visible document (documentLifecycle 'active') ends an incident
  it('a prerender in a failing tab does not end its incident', async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    sim.browser.prerender(tab, `${A}/next`);
    await sim.settle();
    expect(stored().tabs[tab]?.phase).toBe('waiting');
    sim.site(A, { mode: 'up' });
    await sim.settle(15_000);
    expect(sim.tab(tab).doc?.status).toBe(200);
  });
});

describe('answers and counts', () => {
  // fixed by: a reload answered by another error stops retrying and says what the site answers
  it('a reload answered by another error (500) is not recorded as recovered', async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(2_000);
    sim.site(A, { downStatus: 500 });
    await sim.settle(10_000);
    expect(sim.tab(tab).doc?.status).toBe(500);
    expect(sim.browser.extensionLoads.length).toBeGreaterThan(0);
    expect(sim.history().map((i) => i.outcome)).not.toContain('recovered');
    expect(sim.browser.notifications).toEqual([]);
  });

  // fixed by: a confirming reload that was not sent answers nothing
  it("a confirming reload skipped while the tab was busy does not take the tab's stale load as its answer", async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(2_000);
    // The visitor reloads while the site is still down; the answer (502) is slow to arrive.
    sim.site(A, { latencyMs: 3_000 });
    sim.reloadByVisitor(tab);
    await sim.settle(300);
    // Meanwhile the site is back: the check answers, and the confirming reload finds the tab busy.
    sim.site(A, { mode: 'up', latencyMs: 80 });
    await sim.message({ type: 'retry-now', tabId: tab });
    await sim.settle(3_500);
    expect(sim.tab(tab).doc?.status).toBe(502);
    expect(stored().origins[A]?.checkBy).toBe('fetch');
    expect((await sim.view(tab))?.origin?.checkBy).not.toBe('tab');
  });

  // fixed by: a tab that answered another error takes the method of the load that shows it
  it('"Try again" after a form answered with another error (429) never sends the form again', async () => {
    // Soak seed 790878698, replayed step by step: the tab's record kept the GET of its first failure
    // while it showed a form's 429 answer, and "Try again" reloaded it.
    await replay([
      [{ kind: 'open', private: false, url: 0 }, 100],
      [siteStep(0, 'down', 429), 100],
      [{ kind: 'popup', tab: 0, type: 'retry-now' }, 100],
      [{ kind: 'open', private: false, url: 0 }, 100],
      [{ kind: 'visit', tab: 0, url: 0, post: true }, 100],
      [{ kind: 'popup', tab: 0, type: 'retry-now' }, 100],
    ]);
    const posts = sim.browser.network.log.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.sender)).toEqual(['visitor']);
  });

  // fixed by: counts are shown against the allowance, not the setting
  it('after "Try again" the button never reads more checks than were allowed', async () => {
    await sim.changeSettings({ maxAttempts: 2 });
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(10_000);
    expect(stored().tabs[tab]?.phase).toBe('gave-up');
    await sim.message({ type: 'retry-now', tabId: tab });
    await sim.settle(3_000);
    const counts = sim.browser.titles
      .map(({ title }) => /check (\d+) of (\d+)/.exec(title))
      .filter((m) => m !== null);
    expect(counts.length).toBeGreaterThan(0);
    for (const [, n, max] of counts) expect(Number(n)).toBeLessThanOrEqual(Number(max));
  });

  it('a limit of checks lowered mid-outage applies at once: a site past it gives up', async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(20_000);
    const made = stored().origins[A]!.attempts;
    expect(made).toBeGreaterThan(3);
    await sim.changeSettings({ maxAttempts: 3 });
    await sim.settle(60_000);
    expect(stored().tabs[tab]?.phase).toBe('gave-up');
    // Checks already made are shown as made, against an allowance that covers them and no more.
    expect((await sim.view(tab))?.origin).toMatchObject({ attempts: made, allowance: made });
    for (const { title } of sim.browser.titles) {
      const [, n, max] = /check (\d+) of (\d+)/.exec(title) ?? [];
      if (n !== undefined) expect(Number(n)).toBeLessThanOrEqual(Number(max));
    }
  });

  it('a lowered limit of checks applies to a site still below it', async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(2_000);
    await sim.changeSettings({ maxAttempts: 3 });
    await sim.settle(120_000);
    expect(stored().tabs[tab]?.phase).toBe('gave-up');
    expect(requestsTo(A)).toHaveLength(3);
  });

  it('a private tab whose own reload hangs while checks answer gives up within its allowance', async () => {
    // Soak seed 1197623372: the check answered, the confirming reload was skipped (the tab was busy
    // with the visitor's hanging reload), and each answer counted one more: "13 checks of 10".
    const site = 'https://c.priv.test';
    sim.site(site, { mode: 'down' });
    const tab = await open(`${site}/`, true);
    sim.site(site, { mode: 'hang' });
    sim.reloadByVisitor(tab);
    await sim.settle(100);
    sim.site(site, { mode: 'up' });
    await sim.settle(180_000);
    expect(requestsTo(site).length).toBeGreaterThanOrEqual(10);
    const view = await sim.view(tab);
    expect(view?.tab?.phase).toBe('gave-up');
    expect(view!.origin!.attempts).toBeLessThanOrEqual(view!.origin!.allowance);
  });

  it("an update of the extension keeps the site's requests of the last minute", async () => {
    sim.site(A, { mode: 'down' });
    await open(`${A}/page`);
    await sim.settle(35_000);
    expect(requestsTo(A).length).toBeGreaterThanOrEqual(6);
    await sim.updateExtension();
    await sim.settle(60_000);
    expect(requestsTo(A).length).toBeGreaterThan(8);
    expect(busiestMinute(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  it('an update keeps the times of requests whose first write storage.local refused', async () => {
    // Soak seed 64660903: a private check's write was refused and not tried again with the next change.
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(30_000);
    await open(`${A}/private-1`, true);
    await sim.message({ type: 'stop', tabId: tab });
    sim.browser.failures.local = 2;
    await sim.settle(32_000);
    await sim.updateExtension();
    await sim.settle(60_000);
    expect(busiestMinute(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  // fixed by: the old minute is folded into every transition until one is stored, and a write joins what storage holds
  it('an update whose first writes storage.session refuses keeps the requests of the last minute', async () => {
    // Soak seed -441182605, replayed step by step: the one transition that took the old minute in
    // was refused, and the new version's next write of the budget dropped it from storage.local too.
    await replay([
      [{ kind: 'open', private: false, url: 0 }, 100],
      [{ kind: 'discard', tab: 0 }, 100],
      [{ kind: 'activate', tab: 0 }, 8_000],
      [{ kind: 'visit', tab: 0, url: 0, post: false }, 100],
      [{ kind: 'storage-fails', area: 'session', times: 2 }, 100],
      [{ kind: 'update' }, 100],
      [{ kind: 'popup', tab: 0, type: 'retry-now' }, 100],
      [{ kind: 'open', private: false, url: 0 }, 100],
      [{ kind: 'discard', tab: 0 }, 2_000],
      [{ kind: 'activate', tab: 0 }, 100],
      [{ kind: 'visit', tab: 0, url: 0, post: false }, 30_000],
    ]);
    expect(busiestMinute(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  // fixed by: a refused write of the budget is tried again after 1, 5 and 30 s
  it("a private site's minute whose write storage.local refused is kept before an update comes", async () => {
    // Soak seed 1303464422, replayed step by step: the refused write waited for a next change that
    // never came before the update, which then held the sites only until the minute written before.
    const up = siteStep(0, 'up');
    await replay([
      [{ kind: 'close-window', private: false }, 100],
      [{ kind: 'open', private: true, url: 5 }, 100],
      [up, 100],
      [{ kind: 'open', private: false, url: 0 }, 100],
      [{ kind: 'popup', tab: 0, type: 'retry-now' }, 30_000],
      [up, 100],
      [{ kind: 'discard', tab: 0 }, 60_000],
      [up, 100],
      [up, 100],
      [{ kind: 'storage-fails', area: 'local', times: 3 }, 100],
      [siteStep(2, 'session'), 30_000],
      [{ kind: 'update' }, 100],
      [{ kind: 'open', private: true, url: 1 }, 60_000],
    ]);
    expect(busiestMinute(SW)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  it('an update right after the clock was set back keeps the requests of the last minute', async () => {
    // Soak seed -1465256475: no transition noticed the clock set back before the update, so the kept
    // times lay ahead of the new clock and were dropped.
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(35_000);
    sim.browser.clocks.jump(-90_000);
    await sim.updateExtension();
    // The page fails again under the new version.
    sim.reloadByPage(tab);
    await sim.settle(60_000);
    expect(requestsTo(A).length).toBeGreaterThan(8);
    expect(busiestMinute(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  it("an update after a private site's checks holds every site for the rest of that minute, naming none", async () => {
    const site = 'https://c.priv.test';
    sim.site(site, { mode: 'down' });
    await open(`${site}/`, true);
    await sim.settle(35_000);
    expect(requestsTo(site).length).toBeGreaterThanOrEqual(6);
    await sim.updateExtension();
    await sim.settle(60_000);
    expect(requestsTo(site).length).toBeGreaterThan(8);
    expect(busiestMinute(site)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
    expect([...sim.browser.areas.local.data.values()].join(' ')).not.toContain('priv.test');
  });

  // fixed by: a not-retried reason that no longer holds ends
  it('"not retried: turned off" ends when the extension is back on and the page fails again', async () => {
    await sim.changeSettings({ enabled: false });
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    expect(stored().tabs[tab]?.reason).toBe('disabled');
    await sim.changeSettings({ enabled: true });
    sim.reloadByPage(tab);
    await sim.settle();
    expect(stored().tabs[tab]?.phase).toBe('waiting');
  });

  it('"Try again" on a form answered while retrying was off never sends the form again', async () => {
    // Soak seed 2043932553: the tab was "not retried: turned off", not "a form", and "Try again"
    // refused only the latter; the confirming reload sent the POST again.
    await sim.changeSettings({ enabled: false });
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    sim.visit(tab, `${A}/page`, 'POST');
    await sim.settle();
    expect(stored().tabs[tab]).toMatchObject({ phase: 'not-retried', method: 'POST' });
    await sim.message({ type: 'retry-now', tabId: tab });
    sim.site(A, { mode: 'up' });
    await sim.settle(30_000);
    expect(sim.browser.network.log.filter((r) => r.sender === 'extension' || r.sender === 'check')).toEqual(
      [],
    );
    expect(stored().tabs[tab]?.phase).toBe('not-retried');
  });

  // fixed by: the visitor's reload is a look, not a reason to wait longer than the schedule
  it("one reload by the visitor late in an outage does not push the next check past the schedule's wait", async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.settle(60_000);
    const before = stored().origins[A]!;
    const wait = before.nextCheckAt - before.lastCheck!.at;
    sim.reloadByVisitor(tab);
    await sim.settle();
    const after = stored().origins[A]!;
    // The same slot, drawn again: its jitter only shortens the curve's wait by up to 20 %, so the
    // new wait is within the old one's curve value (the bug moved it to the 2-minute cap).
    expect(after.nextCheckAt - Date.now()).toBeLessThanOrEqual(wait / (1 - DEFAULT_BACKOFF.jitter) + 1);
  });

  // fixed by: every history entry gets its own id
  it('a stopped incident followed by a failing form on the same page gives two entries with two ids', async () => {
    sim.site(A, { mode: 'down' });
    const tab = await open(`${A}/page`);
    await sim.message({ type: 'stop', tabId: tab });
    sim.visit(tab, `${A}/page`, 'POST');
    await sim.settle();
    sim.browser.closeTab(tab);
    await sim.settle();
    const ids = sim.history().map((i) => i.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('time', () => {
  // fixed by: a sleep is elapsed time; only a change of the clock moves stored times
  it('an hour of laptop sleep with the background alive is an hour of outage in the history', async () => {
    sim.site(A, { mode: 'down' });
    await open(`${A}/page`);
    await sim.settle(2_000);
    // Linux and macOS: the monotonic clock stands still while the machine sleeps (clock.ts).
    await sim.browser.sleep(3_600_000, false);
    sim.site(A, { mode: 'up' });
    await sim.settle(130_000);
    const [entry] = sim.history();
    expect(entry?.outcome).toBe('recovered');
    expect(entry!.endedAt - entry!.startedAt).toBeGreaterThanOrEqual(3_600_000);
  });

  it('a clock changed by an hour moves no wait: the next check comes on schedule', async () => {
    sim.site(A, { mode: 'down' });
    await open(`${A}/page`);
    await sim.settle(2_000);
    const checks = requestsTo(A).length;
    sim.browser.clocks.jump(-3_600_000);
    await sim.settle(5_000);
    expect(requestsTo(A).length).toBeGreaterThan(checks);
  });

  // fixed by: a page's reading is judged by its document's age (performance.now), not by its wall-clock start
  it('a service-worker page that loaded while the clock was set back is taken in, never sent back again', async () => {
    // Soak seed -1800394845, replayed step by step: the reload's page began before the clock went
    // back an hour, so its reading looked newer than the ask and was dropped; the tab still waited,
    // and the next check sent the page that had loaded (200) to its address again.
    const settings = (enabled: boolean): Step => ({
      kind: 'settings',
      enabled,
      excludeB: false,
      maxAttempts: 3,
    });
    await replay([
      [settings(false), 100],
      [{ kind: 'open', private: false, url: 4 }, 100],
      [{ kind: 'all-up' }, 100],
      [{ kind: 'storage-fails', area: 'session', times: 1 }, 100],
      [settings(true), 100],
      [{ kind: 'clock', by: -3_600_000 }, 100],
      [{ kind: 'open', private: false, url: 0 }, 30_000],
      [{ kind: 'activate', tab: 0 }, 100],
    ]);
    const sw = [...sim.browser.tabs.values()].find((t) => t.url === `${SW}/app`)!;
    expect(sw.doc?.status).toBe(200);
    expect(sim.browser.extensionLoads.filter((l) => (l.docStatus ?? 0) >= 200 && l.docStatus! < 400)).toEqual(
      [],
    );
    expect(stored().tabs[sw.id]).toBeUndefined();
    expect(sim.history()[0]?.outcome).toBe('recovered');
  });

  // fixed by: Retry-After dates are read against the response's own Date
  it("a Retry-After date is read against the server's clock, not the visitor's", async () => {
    const serverAhead = 5 * 60_000; // the visitor's clock is five minutes slow
    sim.site(A, {
      mode: 'down',
      dateSkewMs: serverAhead,
      retryAfter: new Date(Date.now() + serverAhead + 60_000).toUTCString(),
    });
    await open(`${A}/page`);
    const failedAt = sim.browser.clocks.real();
    await sim.settle(90_000);
    const [first] = requestsTo(A);
    expect(first).toBeDefined();
    expect(first!.real - failedAt).toBeGreaterThanOrEqual(55_000);
    expect(first!.real - failedAt).toBeLessThanOrEqual(75_000);
  });

  // fixed by: the provider note's count goes through plural forms (tn; tests/unit/locales.test.ts
  // fails on any count given to t()). The note is the popup's; the sites in it are the background's.
  it('the provider note counts in French with plural forms', async () => {
    for (const site of ['https://b.test', 'https://d.test', 'https://e.test'])
      sim.site(site, { mode: 'down', provider: 'cloudflare' });
    await open('https://d.test/');
    await open('https://e.test/');
    const view = await sim.view(await open('https://b.test/'));
    const [first, ...rest] = view!.providerOutage!.hosts;
    expect(rest).toHaveLength(1);
    useLocale('fr');
    const { tn } = await import('../../src/ui/i18n');
    const sites = tn('popup_outage_sites', rest.length, [first!]);
    expect(sites).toContain(first!);
    expect(sites).toMatch(/1 autre site/);
    expect(sites).not.toMatch(/1 autres/);
  });
});

describe("beside Chromium's own reloads (issue 23)", () => {
  /** Every look at the site but the visitor's: Chromium's reloads, the extension's checks and reloads. */
  function busiestMinuteWithBrowser(origin: string): number {
    const times = sim.browser.network.log
      .filter(
        (r) =>
          r.origin === origin &&
          (r.sender === 'browser' ||
            r.sender === 'check' ||
            (r.sender === 'extension' && r.reloadKind !== 'follow')),
      )
      .map((r) => r.real);
    return Math.max(0, ...times.map((t) => times.filter((u) => u > t - SITE_WINDOW_MS && u <= t).length));
  }

  it("a shown page refused for 15 s is back within 20 s of the site's return, the browser's looks and ours within the budget", async () => {
    sim.site(A, { mode: 'refused' });
    const tab = await open(`${A}/page`);
    await sim.settle(15_000);
    sim.site(A, { mode: 'up' });
    await sim.settle(20_000);
    expect(sim.tab(tab).doc?.status).toBe(200);
    expect(sim.browser.network.log.some((r) => r.sender === 'browser')).toBe(true);
    expect(busiestMinuteWithBrowser(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });

  it('a refusal of five minutes keeps every minute within the budget, Chromium counted', async () => {
    sim.site(A, { mode: 'refused' });
    const tab = await open(`${A}/page`);
    await sim.settle(300_000);
    sim.site(A, { mode: 'up' });
    await sim.settle(60_000);
    expect(sim.tab(tab).doc?.status).toBe(200);
    expect(busiestMinuteWithBrowser(A)).toBeLessThanOrEqual(SITE_WINDOW_MAX);
  });
});

describe('offline (issue 23)', () => {
  for (const flavor of ['chromium', 'firefox'] as const)
    it(`${flavor}: nothing reaches the site while the device is offline, and a look comes soon after it is back`, async () => {
      sim.stop();
      sim = await Simulation.start(1, flavor);
      sim.site(A, { mode: 'refused' });
      sim.setOnline(false);
      const tab = await open(`${A}/page`);
      sim.site(A, { mode: 'up' });
      await sim.settle(30_000);
      const looks = () => sim.browser.network.log.filter((r) => r.origin === A && r.sender !== 'visitor');
      expect(looks()).toEqual([]);
      const onlineAt = Date.now();
      sim.setOnline(true);
      await sim.settle(6_000);
      expect(looks().length).toBeGreaterThan(0);
      // Firefox's event page hears `online` and checks at once; Chromium's worker has no such event:
      // its own 5 s look, or the browser's reload resumed as the device is back, comes first.
      expect(looks()[0]!.at - onlineAt).toBeLessThanOrEqual(flavor === 'firefox' ? 500 : 5_000);
      expect(sim.tab(tab).doc?.status).toBe(200);
    });
});
