/**
 * The rules the background must keep whatever happens (issue 21), each a named check with its own
 * failure message, run after every step of a simulation. They judge only what the simulated browser
 * saw: requests on the network, tab loads the extension asked for, storage, notifications, the
 * popup's view and the toolbar button's title.
 */
import type { TabView } from '../../src/core/messages';
import { SITE_WINDOW_MAX, SITE_WINDOW_MS } from '../../src/core/recovery/context';
import type { Incident } from '../../src/core/recovery-state';
import type { Simulation } from './simulation';

/** Private tabs' addresses carry one of these (a host only private windows visit, or a path). */
const PRIVATE_MARKS = ['priv.test', '/private-'];

const hasPrivateMark = (text: string) => PRIVATE_MARKS.some((mark) => text.includes(mark));

interface Invariant {
  name: string;
  check(sim: Simulation, seen: Seen): string[];
}

/** What the checks have already looked at, so each event is judged once. */
export class Seen {
  violations = 0;
  extensionLoads = 0;
  titles = 0;
  requests = 0;
  notifications = 0;
  /** History ids and the outcome each ended with (a `navigated` entry may still be continued). */
  ended = new Map<string, Incident['outcome']>();
  recovered = new Set<string>();
  /** The popup's view of each open tab, asked once per step. */
  views = new Map<number, TabView | undefined>();
}

const returnsOnlyToItsAddress: Invariant = {
  name: '1 no tab is navigated or reloaded to an address it did not have, nor after the visitor navigated it elsewhere',
  check(sim, seen) {
    const failures = sim.browser.violations.slice(seen.violations).map((v) => v.slice(2));
    seen.violations = sim.browser.violations.length;
    const loads = sim.browser.extensionLoads.slice(seen.extensionLoads);
    seen.extensionLoads = sim.browser.extensionLoads.length;
    for (const load of loads) {
      const where = `tab ${load.tabId} ${load.how} to ${load.url.slice(0, 120)}`;
      // The return may leave the fragment out (a navigation to the same address plus a fragment
      // only scrolls, Chromium 156); page-return.ts puts it back in the page once it shows.
      if (load.how === 'navigate' && load.url !== load.tabUrl && load.url !== load.tabUrl?.split('#')[0])
        failures.push(`${where}: the tab's address was ${load.tabUrl?.slice(0, 120)}`);
      if (load.pendingBy === 'visitor' || load.pendingBy === 'page')
        failures.push(
          `${where}: cancels the ${load.pendingBy}'s navigation to ${load.pendingUrl?.slice(0, 120)}`,
        );
      // A network error page (status 0) is no page that loaded.
      if (load.docStatus !== undefined && load.docStatus >= 200 && load.docStatus < 400)
        failures.push(`${where}: the tab shows a page that loaded (${load.docStatus})`);
    }
    return failures;
  },
};

const privateStaysPrivate: Invariant = {
  name: '2 nothing from a private tab reaches storage.local/sync, a normal window, a notification, or outlives its window',
  check(sim, seen) {
    const failures: string[] = [];
    const { areas } = sim.browser;
    for (const [name, area] of [
      ['storage.local', areas.local],
      ['storage.sync', areas.sync],
    ] as const) {
      for (const [key, raw] of area.data)
        if (hasPrivateMark(raw)) failures.push(`${name} "${key}" holds a private address`);
    }
    for (const n of sim.browser.notifications.slice(seen.notifications))
      if (hasPrivateMark(`${n.title} ${n.message}`))
        failures.push(`notification "${n.title}" names a private site`);
    const privateOpen = [...sim.browser.windows.values()].some((w) => w.incognito && !w.closed);
    if (!privateOpen) {
      for (const [key, raw] of areas.session.data)
        if (hasPrivateMark(raw))
          failures.push(`storage.session "${key}" keeps a private address after its windows closed`);
    }
    for (const tab of sim.browser.liveTabs()) {
      if (tab.incognito) continue;
      const view = seen.views.get(tab.id);
      if (view && hasPrivateMark(JSON.stringify(view)))
        failures.push(
          `the popup of normal tab ${tab.id} (${tab.url}) shows a private tab's site: ${leak(view)}`,
        );
    }
    return failures;
  },
};

function leak(view: TabView): string {
  const text = JSON.stringify(view);
  const at = Math.min(...PRIVATE_MARKS.map((m) => text.indexOf(m)).filter((i) => i >= 0));
  return text.slice(Math.max(0, at - 80), at + 40);
}

const withinSiteBudget: Invariant = {
  name: `3 the extension's requests to a site stay within ${SITE_WINDOW_MAX} in any ${SITE_WINDOW_MS / 1000} s`,
  check(sim, seen) {
    const failures: string[] = [];
    const log = sim.browser.network.log;
    // Checks, and reloads of ours except the follow-ups of a site that has just served a tab.
    const counted = (i: number) =>
      log[i]!.sender === 'check' || (log[i]!.sender === 'extension' && log[i]!.reloadKind !== 'follow');
    // A private window's count of a site goes with the window (DESIGN.md "Private windows"): what
    // was sent before such a window closed is not held against the site's requests after it.
    const from = (origin: string, real: number) =>
      Math.max(
        real - SITE_WINDOW_MS,
        ...sim.browser.privateCloses
          .filter((c) => c.origins.has(origin) && c.real <= real)
          .map((c) => c.real),
      );
    for (let i = seen.requests; i < log.length; i++) {
      if (!counted(i)) continue;
      const last = log[i]!;
      const since = from(last.origin, last.real);
      let inWindow = 0;
      for (let j = 0; j <= i; j++)
        if (counted(j) && log[j]!.origin === last.origin && log[j]!.real > since) inWindow++;
      if (inWindow > SITE_WINDOW_MAX)
        failures.push(
          `${inWindow} requests to ${last.origin} in the ${SITE_WINDOW_MS / 1000} s before ${last.real} ms`,
        );
    }
    seen.requests = log.length;
    return failures;
  },
};

const recoveredMeansLoaded: Invariant = {
  name: '4 "recovered" (history, notification) only when the tab loaded a page that is not an error',
  check(sim, seen) {
    const failures: string[] = [];
    const loaded = (tabId: number) => {
      const tab = sim.browser.tabs.get(tabId);
      // A tab closed since cannot be judged here; a recovered one was judged when it was announced.
      return !tab || tab.closed || (tab.doc !== null && tab.doc.status < 400 && !tab.doc.browserPage);
    };
    for (const n of sim.browser.notifications.slice(seen.notifications)) {
      const tabId = Number(n.id.split(':')[1]);
      if (!loaded(tabId))
        failures.push(`"${n.title}" while tab ${tabId} shows ${sim.browser.tabs.get(tabId)?.doc?.status}`);
    }
    seen.notifications = sim.browser.notifications.length;
    for (const item of sim.history()) {
      if (item.outcome !== 'recovered' || seen.recovered.has(item.id)) continue;
      seen.recovered.add(item.id);
      const tabId = Number(item.id.split('-').pop());
      if (!loaded(tabId))
        failures.push(
          `history ${item.id} recovered while tab ${tabId} shows ${sim.browser.tabs.get(tabId)?.doc?.status}`,
        );
    }
    return failures;
  },
};

const noFormResent: Invariant = {
  name: '5 no request other than a GET is ever repeated by the extension',
  check(sim) {
    return sim.browser.network.log
      .filter((r) => (r.sender === 'extension' || r.sender === 'check') && r.method !== 'GET')
      .map((r) => `${r.method} ${r.url} sent again by the extension (tab ${r.tabId})`);
  },
};

const oneEntryOneEnd: Invariant = {
  name: '6 every history entry has its own id and ends once; counts shown never exceed what was allowed',
  check(sim, seen) {
    const failures: string[] = [];
    const ids = new Set<string>();
    for (const item of sim.history()) {
      if (ids.has(item.id)) failures.push(`two history entries with id ${item.id}`);
      ids.add(item.id);
      const before = seen.ended.get(item.id);
      if (before !== undefined && before !== 'navigated' && before !== item.outcome)
        failures.push(`history ${item.id} ended as ${before}, then as ${item.outcome}`);
      seen.ended.set(item.id, item.outcome);
    }
    for (const { tabId, title } of sim.browser.titles.slice(seen.titles)) {
      const [, n, max] = /check (\d+) of (\d+)/.exec(title) ?? [];
      if (n !== undefined && Number(n) > Number(max))
        failures.push(`tab ${tabId}'s button says "check ${n} of ${max}"`);
    }
    seen.titles = sim.browser.titles.length;
    for (const tab of sim.browser.liveTabs()) {
      const origin = seen.views.get(tab.id)?.origin;
      if (origin && origin.attempts > origin.allowance)
        failures.push(`tab ${tab.id}'s popup shows ${origin.attempts} checks of ${origin.allowance} allowed`);
    }
    return failures;
  },
};

const INVARIANTS: Invariant[] = [
  returnsOnlyToItsAddress,
  privateStaysPrivate,
  withinSiteBudget,
  recoveredMeansLoaded,
  noFormResent,
  oneEntryOneEnd,
];

/** Runs every invariant; the failures, each under its invariant's name. */
export async function brokenInvariants(sim: Simulation, seen: Seen): Promise<string[]> {
  const out: string[] = [];
  seen.views.clear();
  for (const tab of sim.browser.liveTabs()) seen.views.set(tab.id, await sim.view(tab.id));
  for (const invariant of INVARIANTS) {
    const failures = invariant.check(sim, seen);
    if (failures.length > 0) out.push(`${invariant.name}:\n  ${failures.join('\n  ')}`);
  }
  return out;
}
