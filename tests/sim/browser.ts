/**
 * The simulated browser: the surface of `webextension-polyfill` that src/background uses, over
 * windows, tabs, page loads, storage, alarms and the network of network.ts, in the order Chromium 156
 * sends its events (docs/DESIGN.md, "The simulated browser"). The real background runs in it
 * unchanged (simulation.ts mocks the polyfill with `api()`).
 *
 * Each start of the background gets its own copy of the API (`generation`): once it is stopped, its
 * listeners are gone and its calls never answer, as in a worker the browser has killed.
 */
import { stateFromItems } from '../../src/core/state-items';
import { getMessage } from '../unit/support/fake-i18n-browser';
import { FakeArea } from '../unit/support/fake-storage';
import { AutoReload } from './auto-reload';
import { Clocks } from './clock';
import { type Answer, Network, type Sender } from './network';

type Listener = (...args: any[]) => unknown;

class SimEvent {
  listeners: Listener[] = [];
  emit(...args: unknown[]): unknown[] {
    return [...this.listeners].map((listener) => listener(...args));
  }
}

export interface SimDoc {
  url: string;
  status: number;
  method: string;
  /** Monotonic time the navigation started: the page's `performance.now()` counts from it. */
  startedMono: number;
  meta: string | null;
  /** Chromium's own error page (an empty-body error, a network error): no script runs in it. */
  browserPage: boolean;
  sender: Sender;
}

export interface SimTab {
  id: number;
  windowId: number;
  incognito: boolean;
  active: boolean;
  url: string | undefined;
  pendingUrl: string | undefined;
  status: 'loading' | 'complete';
  discarded: boolean;
  doc: SimDoc | null;
  /** The navigation under way: its id tells a later answer whether it is still wanted. */
  nav: { requestId: string; url: string; sender: Sender; reload: boolean } | null;
  /** A prerendered page the visitor may activate (Chromium activates only a 2xx one). */
  prerendered: SimDoc | null;
  closed: boolean;
}

export interface SimWindow {
  id: number;
  incognito: boolean;
  focused: boolean;
  closed: boolean;
  /** Every site its tabs showed or loaded while it was open, also those they left since. */
  shown: Set<string>;
}

/** How long a server takes to answer, and a page to finish loading once its document commits. */
const ANSWER_MS = 80;
const RENDER_MS = 30;

/** Requests carry no fragment (webRequest's addresses have none); the tab's address keeps it. */
const withoutFragment = (url: string) => url.split('#')[0]!;

export class SimBrowser {
  readonly clocks = new Clocks();
  readonly network = new Network(() => this.clocks.trueNow());
  readonly windows = new Map<number, SimWindow>();
  readonly tabs = new Map<number, SimTab>();
  /** What the extension did that the invariants look at, as it happened. */
  readonly notifications: { id: string; title: string; message: string; at: number }[] = [];
  /** Private windows closed: when (real time) and every site their tabs showed while they were open. */
  readonly privateCloses: { real: number; origins: Set<string> }[] = [];
  /** Every title the toolbar button was given, in order. */
  readonly titles: { tabId: number; title: string }[] = [];
  readonly cleared: { filter: unknown; types: unknown }[] = [];
  /** Cookie stores: the regular profile's and the private windows' (one, shared by them, gone with the last). */
  readonly cookies = { normal: new Set<string>(), private: new Set<string>() };
  readonly failures = { session: 0, local: 0, sync: 0 };
  readonly areas = {
    session: new FakeArea(10 * 1024 * 1024, () => this.fail('session')),
    local: new FakeArea(10 * 1024 * 1024, () => this.fail('local')),
    sync: new FakeArea(100 * 1024, () => this.fail('sync')),
  };
  readonly alarms = new Map<string, number>();
  /** Broken rules noticed at the moment they happen (a request), read by the invariants. */
  readonly violations: string[] = [];
  generation = 0;
  /** Whose webRequest details and discards to mirror (see `details` and `discard`). */
  flavor: 'chromium' | 'firefox' = 'chromium';
  /** Chromium's own reloads of a shown page that got no answer; Firefox has none. */
  readonly autoReload = new AutoReload(
    (tabId) => {
      const tab = this.tabs.get(tabId);
      return tab && { id: tab.id, active: tab.active, closed: tab.closed, pending: tab.nav !== null };
    },
    (tabId, url) => this.navigate(tabId, url, 'GET', 'browser'),
  );
  private nextTabId = 1;
  private nextWindowId = 1;
  private nextRequest = 1;
  private readonly events = new Map<string, SimEvent>();

  private fail(area: keyof SimBrowser['failures']): boolean {
    if (this.failures[area] <= 0) return false;
    this.failures[area]--;
    return true;
  }

  event(name: string): SimEvent {
    let event = this.events.get(name);
    if (!event) {
      event = new SimEvent();
      this.events.set(name, event);
    }
    return event;
  }

  /** The worker is killed: its listeners are gone and its calls never answer. */
  stopWorker(): void {
    this.generation++;
    for (const event of this.events.values()) event.listeners = [];
  }

  /** The machine sleeps with the worker alive (clock.ts); at wake, overdue alarms fire. */
  async sleep(ms: number, monoAdvances: boolean): Promise<void> {
    this.clocks.sleep(ms, monoAdvances);
    await this.advance(1);
  }

  /** Real time passes; an alarm that falls due wakes the background with `alarms.onAlarm`. */
  async advance(ms: number): Promise<void> {
    let left = ms;
    while (left > 0) {
      const step = Math.min(left, 1000);
      await this.clocks.advance(step);
      left -= step;
      for (const [name, when] of this.alarms) {
        if (when > Date.now()) continue;
        this.alarms.delete(name);
        this.event('alarms.onAlarm').emit({ name, scheduledTime: when });
      }
    }
  }

  // --- what the stored state says, as a restarted worker would read it

  storedState() {
    const items = Object.fromEntries(
      [...this.areas.session.data.keys()].map((k) => [k, this.areas.session.value(k)]),
    );
    return stateFromItems(items).state;
  }

  // --- windows and tabs

  openWindow(incognito: boolean): SimWindow {
    const window: SimWindow = {
      id: this.nextWindowId++,
      incognito,
      focused: true,
      closed: false,
      shown: new Set(),
    };
    for (const other of this.windows.values()) other.focused = false;
    this.windows.set(window.id, window);
    return window;
  }

  liveTabs(): SimTab[] {
    return [...this.tabs.values()].filter((t) => !t.closed);
  }

  tabInfo(tab: SimTab) {
    return {
      id: tab.id,
      index: 0,
      windowId: tab.windowId,
      incognito: tab.incognito,
      active: tab.active,
      highlighted: tab.active,
      pinned: false,
      url: tab.url,
      ...(tab.pendingUrl !== undefined && { pendingUrl: tab.pendingUrl }),
      status: tab.status,
      discarded: tab.discarded,
    };
  }

  openTab(windowId: number, url: string): SimTab {
    const window = this.windows.get(windowId)!;
    const tab: SimTab = {
      id: this.nextTabId++,
      windowId,
      incognito: window.incognito,
      active: false,
      url: undefined,
      pendingUrl: undefined,
      status: 'complete',
      discarded: false,
      doc: null,
      nav: null,
      prerendered: null,
      closed: false,
    };
    this.tabs.set(tab.id, tab);
    this.activate(tab.id);
    this.navigate(tab.id, url, 'GET', 'visitor');
    return tab;
  }

  activate(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab || tab.closed) return;
    for (const other of this.tabs.values())
      if (other.windowId === tab.windowId && other.active !== (other.id === tabId)) {
        other.active = other.id === tabId;
        this.autoReload.visibilityChanged(other.id);
      }
    this.event('tabs.onActivated').emit({ tabId, windowId: tab.windowId });
    // A discarded tab loads its page again when the visitor switches to it (both browsers).
    if (tab.discarded && tab.url) this.navigate(tabId, tab.url, 'GET', 'visitor');
  }

  closeTab(tabId: number, isWindowClosing = false): void {
    const tab = this.tabs.get(tabId);
    if (!tab || tab.closed) return;
    tab.closed = true;
    tab.nav = null;
    this.autoReload.forget(tabId);
    this.event('tabs.onRemoved').emit(tabId, { windowId: tab.windowId, isWindowClosing });
    const window = this.windows.get(tab.windowId)!;
    if (!isWindowClosing && !this.liveTabs().some((t) => t.windowId === window.id))
      this.closeWindow(window.id);
  }

  closeWindow(windowId: number): void {
    const window = this.windows.get(windowId);
    if (!window || window.closed) return;
    // Every site the window showed, not only those its tabs show now: a private schedule serves the
    // window it failed in until that window closes, also after its tab left the site (visitor.ts).
    if (window.incognito)
      this.privateCloses.push({ real: this.clocks.real(), origins: new Set(window.shown) });
    for (const tab of this.liveTabs()) if (tab.windowId === windowId) this.closeTab(tab.id, true);
    window.closed = true;
    // The private cookie store goes with the last private window.
    if (![...this.windows.values()].some((w) => w.incognito && !w.closed)) this.cookies.private.clear();
    // Chromium 156 and Firefox ESR 153 report the window gone after each of its tabs.
    this.event('windows.onRemoved').emit(windowId);
  }

  /**
   * Chromium 156 discards a tab by giving it a new id (tabs.onReplaced, no onRemoved); Firefox ESR
   * 153 keeps the id and fires onUpdated `{discarded: true}`. Either way no page is left to read.
   */
  discard(tabId: number): SimTab | null {
    const tab = this.tabs.get(tabId);
    if (!tab || tab.closed || tab.active || tab.status !== 'complete') return null;
    if (this.flavor === 'firefox') {
      tab.discarded = true;
      this.event('tabs.onUpdated').emit(tabId, { discarded: true }, this.tabInfo(tab));
      return tab;
    }
    const moved: SimTab = { ...tab, id: this.nextTabId++, discarded: true, nav: null };
    tab.closed = true;
    this.autoReload.forget(tabId);
    this.tabs.set(moved.id, moved);
    this.event('tabs.onReplaced').emit(moved.id, tabId);
    return moved;
  }

  private cookieStore(tab: SimTab): Set<string> {
    return tab.incognito ? this.cookies.private : this.cookies.normal;
  }

  /**
   * A main-frame navigation of the tab. Network pages: onBeforeRequest, (a redirect: onBeforeRequest
   * again with the same requestId), onCompleted, then the tab's `loading` with the new address, then
   * `complete` (Chromium 156's order). Service-worker pages: no webRequest event, only the tab's.
   */
  navigate(tabId: number, url: string, method: string, sender: Sender, reloadKind?: string): void {
    const tab = this.tabs.get(tabId);
    if (!tab || tab.closed) return;
    const requestId = String(this.nextRequest++);
    // A navigation replaces the one under way, which ends with an error.
    if (tab.nav && !this.network.site(new URL(tab.nav.url).origin).serviceWorker)
      this.errorEvent(tab, tab.nav.requestId, tab.nav.url, 'GET', 'net::ERR_ABORTED');
    tab.nav = { requestId, url, sender, reload: tab.url === url };
    tab.pendingUrl = url;
    this.windows.get(tab.windowId)!.shown.add(new URL(url).origin);
    this.autoReload.navigationStarted(tabId);
    tab.status = 'loading';
    tab.discarded = false;
    const origin = new URL(url).origin;
    const site = this.network.site(origin);
    const startedMono = this.clocks.mono();
    void Promise.resolve().then(() => {
      if (tab.nav?.requestId !== requestId) return;
      const withCookie = this.cookieStore(tab).has(origin);
      this.network.record({
        at: Date.now(),
        real: this.clocks.real(),
        origin,
        url: withoutFragment(url),
        method,
        sender,
        tabId,
        private: tab.incognito,
        withCookie,
        ...(reloadKind && { reloadKind }),
      });
      if (!site.serviceWorker) this.requestEvent('webRequest.onBeforeRequest', tab, requestId, url, method);
      // The server decides when the request reaches it; the answer arrives after its latency.
      const answer = this.network.answer(url, withCookie);
      setTimeout(
        () => this.answered(tab, requestId, url, method, sender, startedMono, answer),
        site.latencyMs ?? ANSWER_MS,
      );
    });
  }

  private answered(
    tab: SimTab,
    requestId: string,
    url: string,
    method: string,
    sender: Sender,
    startedMono: number,
    answer: Answer | null,
  ): void {
    if (tab.closed || tab.nav?.requestId !== requestId) return;
    const origin = new URL(url).origin;
    const site = this.network.site(origin);
    if (!answer) return; // a request that never completes: the tab stays loading
    const next = answer.location;
    if (next !== undefined) {
      tab.nav = { requestId, url: next, sender, reload: false };
      tab.pendingUrl = next;
      this.windows.get(tab.windowId)!.shown.add(new URL(next).origin);
      // A 301 turns a form's POST into a GET (Fetch standard, both browsers).
      this.requestEvent('webRequest.onBeforeRequest', tab, requestId, next, 'GET');
      const hop = this.network.answer(next, this.cookieStore(tab).has(new URL(next).origin));
      setTimeout(() => this.answered(tab, requestId, next, 'GET', sender, startedMono, hop), ANSWER_MS);
      return;
    }
    if (answer.status === 0 && !site.serviceWorker) {
      this.errorEvent(tab, requestId, url, method, 'net::ERR_CONNECTION_REFUSED');
      if (sender === 'browser' && this.autoReload.isOwnDuplicate(tab.id, url)) {
        // Chromium's own reload that fails alike commits nothing: the error page stays.
        tab.nav = null;
        tab.pendingUrl = undefined;
        tab.status = 'complete';
        this.event('tabs.onUpdated').emit(tab.id, { status: 'complete' }, this.tabInfo(tab));
        this.autoReload.ended(tab.id);
        return;
      }
    }
    const wasReload = tab.nav?.reload ?? false;
    if (answer.status >= 200 && answer.status < 400) this.cookieStore(tab).add(origin);
    if (!site.serviceWorker && answer.status !== 0) this.completedEvent(tab, requestId, url, method, answer);
    const meta = /content="(\d+)"/.exec(answer.body)?.[1] ?? null;
    const doc: SimDoc = {
      url,
      status: answer.status,
      method,
      startedMono,
      meta,
      browserPage: answer.status === 0 || (answer.status >= 400 && answer.body === ''),
      sender,
    };
    this.commit(tab, doc);
    if (this.flavor === 'chromium' && !site.serviceWorker)
      this.autoReload.committed(tab.id, url, answer.status === 0, method, wasReload);
  }

  /** The document commits: the tab's `loading` with its address, then `complete`. */
  private commit(tab: SimTab, doc: SimDoc): void {
    const changedUrl = tab.url !== doc.url;
    tab.url = doc.url;
    // A prerender shown without a request is shown all the same.
    this.windows.get(tab.windowId)!.shown.add(new URL(doc.url).origin);
    tab.pendingUrl = undefined;
    tab.nav = null;
    tab.doc = doc;
    tab.prerendered = null;
    this.event('tabs.onUpdated').emit(
      tab.id,
      { status: 'loading', ...(changedUrl && { url: doc.url }) },
      this.tabInfo(tab),
    );
    setTimeout(() => {
      if (tab.closed || tab.doc !== doc || tab.nav) return;
      tab.status = 'complete';
      this.event('tabs.onUpdated').emit(tab.id, { status: 'complete' }, this.tabInfo(tab));
    }, RENDER_MS);
  }

  /** A page prerendered in the tab (speculation rules, the address bar's preloading): its events carry `documentLifecycle: 'prerender'`. */
  prerender(tabId: number, url: string): void {
    const tab = this.tabs.get(tabId);
    if (!tab || tab.closed || this.flavor === 'firefox') return;
    const requestId = String(this.nextRequest++);
    const origin = new URL(url).origin;
    const answer = this.network.answer(url, this.cookieStore(tab).has(origin));
    this.network.record({
      at: Date.now(),
      real: this.clocks.real(),
      origin,
      url,
      method: 'GET',
      sender: 'visitor',
      tabId,
      private: tab.incognito,
      withCookie: false,
    });
    const details = { documentLifecycle: 'prerender', frameType: 'outermost_frame' };
    this.requestEvent('webRequest.onBeforeRequest', tab, requestId, url, 'GET', details);
    if (!answer || answer.location) return;
    if (answer.status === 0) {
      this.errorEvent(tab, requestId, url, 'GET', 'net::ERR_CONNECTION_REFUSED', details);
      return;
    }
    this.completedEvent(tab, requestId, url, 'GET', answer, details);
    if (answer.status >= 200 && answer.status < 300)
      tab.prerendered = {
        url,
        status: answer.status,
        method: 'GET',
        startedMono: this.clocks.mono(),
        meta: null,
        browserPage: false,
        sender: 'visitor',
      };
  }

  /** The visitor follows the link that was prerendered: the page is shown without a request. */
  activatePrerender(tabId: number): boolean {
    const tab = this.tabs.get(tabId);
    if (!tab?.prerendered || tab.closed) return false;
    tab.status = 'loading';
    this.commit(tab, tab.prerendered);
    return true;
  }

  private requestEvent(
    name: string,
    tab: SimTab,
    requestId: string,
    url: string,
    method: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.event(name).emit({ ...this.details(tab, requestId, url, method), ...extra });
  }

  /**
   * What every main-frame event says. Firefox ESR 153 adds `incognito` and has no
   * `documentLifecycle` (nor prerendering); Chromium 156 the reverse.
   */
  private details(tab: SimTab, requestId: string, url: string, method: string) {
    return {
      requestId,
      url: withoutFragment(url),
      method,
      frameId: 0,
      parentFrameId: -1,
      tabId: tab.id,
      type: 'main_frame',
      timeStamp: Date.now(),
      ...(this.flavor === 'firefox' ? { incognito: tab.incognito } : { documentLifecycle: 'active' }),
    };
  }

  /** A load that got no answer: the request's own method, and a prerender's lifecycle, as onCompleted has them. */
  private errorEvent(
    tab: SimTab,
    requestId: string,
    url: string,
    method: string,
    error: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.event('webRequest.onErrorOccurred').emit({
      ...this.details(tab, requestId, url, method),
      ...extra,
      error,
    });
  }

  private completedEvent(
    tab: SimTab,
    requestId: string,
    url: string,
    method: string,
    answer: Answer,
    extra: Record<string, unknown> = {},
  ): void {
    this.event('webRequest.onCompleted').emit({
      ...this.details(tab, requestId, url, method),
      statusCode: answer.status,
      statusLine: `HTTP/1.1 ${answer.status} ${answer.statusText}`,
      responseHeaders: answer.headers,
      fromCache: false,
      ...extra,
    });
  }

  // --- the extension's fetch

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<unknown> => {
    const generation = this.generation;
    const url = String(input);
    const origin = new URL(url).origin;
    this.network.record({
      at: Date.now(),
      real: this.clocks.real(),
      origin,
      url,
      method: init.method ?? 'GET',
      sender: 'check',
      tabId: null,
      private: false,
      withCookie: init.credentials !== 'omit' && this.cookies.normal.has(origin),
    });
    const answer = this.network.answer(url, init.credentials !== 'omit' && this.cookies.normal.has(origin));
    return new Promise((resolve, reject) => {
      if (!answer) {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        return;
      }
      setTimeout(() => {
        // A worker that was stopped meanwhile never hears the answer.
        if (generation !== this.generation) return;
        if (answer.status === 0) {
          reject(new TypeError('Failed to fetch'));
          return;
        }
        const redirect = answer.location !== undefined && init.redirect === 'manual';
        resolve({
          type: redirect ? 'opaqueredirect' : 'basic',
          status: redirect ? 0 : answer.status,
          statusText: redirect ? '' : answer.statusText,
          headers: new Headers(
            redirect ? [] : answer.headers.map((h) => [h.name, h.value] as [string, string]),
          ),
          body: new Response(answer.body).body,
        });
      }, ANSWER_MS);
    });
  };

  // --- the polyfill's surface

  api(generation: number) {
    const live = <T>(run: () => T | Promise<T>): Promise<T> =>
      generation === this.generation ? Promise.resolve().then(run) : new Promise<T>(() => {});
    const on = (name: string) => ({
      addListener: (listener: Listener) => {
        if (generation === this.generation) this.event(name).listeners.push(listener);
      },
      removeListener: (listener: Listener) => {
        const event = this.event(name);
        event.listeners = event.listeners.filter((l) => l !== listener);
      },
      hasListener: (listener: Listener) => this.event(name).listeners.includes(listener),
    });
    const tabOrThrow = (tabId: number) => {
      const tab = this.tabs.get(tabId);
      if (!tab || tab.closed) throw new Error(`No tab with id: ${tabId}.`);
      return tab;
    };
    const area = (name: 'session' | 'local' | 'sync') => {
      const store = this.areas[name];
      return {
        get: (keys?: string | string[] | null) => live(() => store.get(keys)),
        set: (items: Record<string, unknown>) =>
          live(async () => {
            const old = Object.fromEntries(Object.keys(items).map((k) => [k, store.value(k)]));
            await store.set(items);
            this.storageChanged(name, old, items);
          }),
        remove: (keys: string | string[]) => live(() => store.remove(keys)),
      };
    };
    return {
      runtime: {
        id: 'sim',
        getURL: (path: string) => `chrome-extension://sim/${path}`,
        onMessage: on('runtime.onMessage'),
        onInstalled: on('runtime.onInstalled'),
        onStartup: on('runtime.onStartup'),
        // Only Firefox has it; the background tells the browsers apart by it.
        ...(this.flavor === 'firefox' && {
          getBrowserInfo: async () => ({ name: 'Firefox', vendor: 'Mozilla', version: '153.0', buildID: '' }),
        }),
      },
      i18n: { getMessage, getUILanguage: () => 'en' },
      storage: {
        session: area('session'),
        local: area('local'),
        sync: area('sync'),
        onChanged: on('storage.onChanged'),
      },
      tabs: {
        get: (tabId: number) => live(() => this.tabInfo(tabOrThrow(tabId))),
        query: (query: { url?: string[]; active?: boolean; currentWindow?: boolean }) =>
          live(() =>
            this.liveTabs()
              .filter((t) => query.active === undefined || t.active === query.active)
              .filter((t) => !query.currentWindow || this.windows.get(t.windowId)?.focused)
              .filter((t) => !query.url || (t.url !== undefined && /^https?:/.test(t.url)))
              .map((t) => this.tabInfo(t)),
          ),
        reload: (tabId: number) =>
          live(() => {
            const tab = tabOrThrow(tabId);
            this.extensionLoad(tab, 'reload', tab.url);
          }),
        update: (tabId: number, change: { url?: string; active?: boolean }) =>
          live(() => {
            const tab = tabOrThrow(tabId);
            if (change.active) this.activate(tabId);
            if (change.url !== undefined) this.extensionLoad(tab, 'navigate', change.url);
            return this.tabInfo(tab);
          }),
        onUpdated: on('tabs.onUpdated'),
        onRemoved: on('tabs.onRemoved'),
        onReplaced: on('tabs.onReplaced'),
        onActivated: on('tabs.onActivated'),
      },
      windows: {
        get: (windowId: number) =>
          live(() => {
            const window = this.windows.get(windowId);
            if (!window || window.closed) throw new Error(`No window with id: ${windowId}.`);
            return { id: window.id, focused: window.focused, incognito: window.incognito };
          }),
        getAll: () =>
          live(() =>
            [...this.windows.values()]
              .filter((w) => !w.closed)
              .map((w) => ({ id: w.id, focused: w.focused, incognito: w.incognito })),
          ),
        update: (windowId: number) => live(() => ({ id: windowId })),
        onRemoved: on('windows.onRemoved'),
      },
      webRequest: {
        onBeforeRequest: on('webRequest.onBeforeRequest'),
        onCompleted: on('webRequest.onCompleted'),
        onErrorOccurred: on('webRequest.onErrorOccurred'),
      },
      scripting: {
        executeScript: ({
          target,
          func,
          args = [],
        }: {
          target: { tabId: number };
          func: (...args: string[]) => unknown;
          args?: string[];
        }) =>
          live(() => {
            const tab = tabOrThrow(target.tabId);
            const doc = tab.doc;
            if (!doc || tab.discarded || doc.browserPage)
              throw new Error('Cannot access contents of the page.');
            // page-return.ts puts a fragment back with `location.replace(fragment)`: a same-document
            // navigation, no request, no new history entry.
            if (String(func).includes('location.replace')) {
              const [url, fragment] = args;
              const current = tab.url ?? doc.url;
              if (current.split('#')[0] === url && fragment) tab.url = url + fragment;
              return [{ frameId: 0, result: undefined }];
            }
            // The two reads src/background makes: the navigation entry (page-status.ts) and the meta refresh.
            const result = String(func).includes('getEntriesByType')
              ? {
                  url: doc.url,
                  status: doc.status,
                  age: this.clocks.mono() - doc.startedMono,
                  requestMs: ANSWER_MS,
                }
              : doc.meta;
            return [{ frameId: 0, result }];
          }),
      },
      alarms: {
        create: (name: string, info: { when: number }) => live(() => void this.alarms.set(name, info.when)),
        clear: (name: string) => live(() => this.alarms.delete(name)),
        onAlarm: on('alarms.onAlarm'),
      },
      notifications: {
        create: (id: string, options: { title: string; message: string }) =>
          live(() => {
            this.notifications.push({ id, title: options.title, message: options.message, at: Date.now() });
            return id;
          }),
        clear: () => live(() => true),
        onClicked: on('notifications.onClicked'),
      },
      action: {
        setBadgeText: () => live(() => undefined),
        setBadgeBackgroundColor: () => live(() => undefined),
        setIcon: () => live(() => undefined),
        setTitle: ({ tabId, title }: { tabId: number; title: string | null }) =>
          live(() => {
            if (title !== null) this.titles.push({ tabId, title });
          }),
      },
      permissions: { request: () => live(() => true) },
      browsingData: {
        remove: (filter: { origins?: string[]; hostnames?: string[] }, types: { cookies?: boolean }) =>
          live(() => {
            this.cleared.push({ filter, types });
            // Chromium's browsingData acts on the regular profile only.
            if (types.cookies) for (const origin of filter.origins ?? []) this.cookies.normal.delete(origin);
          }),
      },
      commands: { onCommand: on('commands.onCommand') },
    };
  }

  private storageChanged(area: string, old: Record<string, unknown>, items: Record<string, unknown>): void {
    const changes = Object.fromEntries(
      Object.entries(items).map(([k, v]) => [k, { oldValue: old[k], newValue: v }]),
    );
    this.event('storage.onChanged').emit(changes, area);
  }

  /** tabs.reload / tabs.update from the extension: checked against the stored state as it is now. */
  private extensionLoad(tab: SimTab, how: 'reload' | 'navigate', url: string | undefined): void {
    if (url === undefined) return;
    const stored = this.storedState().tabs[tab.id];
    if (stored?.phase !== 'reloading')
      this.violations.push(
        `1 ${how} of tab ${tab.id} not backed by the stored state (phase ${stored?.phase})`,
      );
    this.extensionLoads.push({
      tabId: tab.id,
      how,
      url,
      at: Date.now(),
      tabUrl: tab.url,
      pendingUrl: tab.pendingUrl,
      pendingBy: tab.nav?.sender,
      docStatus: tab.doc?.status,
      docMethod: tab.doc?.method,
    });
    const method = how === 'reload' ? (tab.doc?.method ?? 'GET') : 'GET';
    this.navigate(tab.id, url, method, 'extension', stored?.reloadKind);
  }

  /** Every reload or navigation the extension asked for, with the tab as it was at that moment. */
  readonly extensionLoads: {
    tabId: number;
    how: 'reload' | 'navigate';
    url: string;
    at: number;
    tabUrl: string | undefined;
    pendingUrl: string | undefined;
    pendingBy: Sender | undefined;
    docStatus: number | undefined;
    docMethod: string | undefined;
  }[] = [];
}
