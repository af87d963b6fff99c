/**
 * One simulated browser with the real background running in it: starts and restarts the background
 * (src/background/index.ts, unchanged, with `webextension-polyfill` mocked by the simulated browser),
 * lets time pass, and acts as the visitor, the page and the popup.
 */
import { vi } from 'vitest';
import type { Request, TabView } from '../../src/core/messages';
import type { Incident } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { SimBrowser, type SimTab } from './browser';
import type { Site } from './network';

/** Long enough for a load to be answered, committed and completed, and the background to act on it. */
const SETTLE_MS = 400;

export class Simulation {
  readonly browser = new SimBrowser();
  private online = { onLine: true };
  /** The running event page's `online` listeners (Firefox's; Chromium's worker has no such event). */
  private onlineListeners: (() => void)[] = [];
  settings: Settings = { ...DEFAULT_SETTINGS };

  /**
   * A fresh browser with the extension just installed (`runtime.onInstalled`). `seed` fixes the
   * background's `Math.random` (its jitter), so a sequence the soak reports plays the same again.
   * The browser is chosen before the worker starts: the background tells them apart as it loads.
   */
  static async start(seed = 1, flavor: 'chromium' | 'firefox' = 'chromium'): Promise<Simulation> {
    const sim = new Simulation();
    sim.browser.flavor = flavor;
    vi.spyOn(Math, 'random').mockImplementation(seededRandom(seed));
    sim.browser.clocks.install();
    vi.stubGlobal('fetch', sim.browser.fetch);
    vi.stubGlobal('navigator', sim.online);
    // The background warns when storage fails; the invariants judge what that leads to.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await sim.startWorker();
    sim.browser.event('runtime.onInstalled').emit({ reason: 'install' });
    await sim.settle();
    return sim;
  }

  /** Ends this simulation: the background's calls never answer again and its timers are dropped. */
  stop(): void {
    this.browser.stopWorker();
    vi.clearAllTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  }

  /** The background starts: its module state is new; storage.session and alarms are as they were. */
  async startWorker(): Promise<void> {
    // Each start gets its own API copy: the stopped one's calls never answer.
    const api = this.browser.api(this.browser.generation);
    vi.doMock('webextension-polyfill', () => ({ default: api }));
    if (this.browser.flavor === 'firefox') {
      // A new event page: the stopped one's listeners are gone with it.
      const listeners: (() => void)[] = [];
      this.onlineListeners = listeners;
      vi.stubGlobal('ononline', null);
      vi.stubGlobal('addEventListener', (type: string, listener: () => void) => {
        if (type === 'online') listeners.push(listener);
      });
    }
    vi.resetModules();
    await import('../../src/background/index');
    await this.browser.advance(1);
  }

  /** The browser stops the worker (idle, an update, a crash) and starts it again at the next event. */
  async restartWorker(): Promise<void> {
    this.browser.stopWorker();
    await this.startWorker();
  }

  /**
   * The extension is updated: the worker stops, storage.session and alarms are cleared (they belong
   * to the old version), and the new one starts with `runtime.onInstalled` and reads the open tabs.
   */
  async updateExtension(): Promise<void> {
    this.browser.stopWorker();
    await this.browser.areas.session.remove([...this.browser.areas.session.data.keys()]);
    this.browser.alarms.clear();
    await this.startWorker();
    this.browser.event('runtime.onInstalled').emit({ reason: 'update', previousVersion: '0.0.9' });
  }

  async settle(ms = SETTLE_MS): Promise<void> {
    await this.browser.advance(ms);
  }

  setOnline(online: boolean): void {
    this.online.onLine = online;
    this.browser.autoReload.connectionChanged(online);
    if (online) for (const listener of this.onlineListeners) listener();
  }

  site(origin: string, change: Partial<Site> = {}): Site {
    return Object.assign(this.browser.network.site(origin), change);
  }

  /** The options page saves settings (storage.sync), as the visitor changed them. */
  async changeSettings(change: Partial<Settings>): Promise<void> {
    this.settings = { ...this.settings, ...change };
    const old = this.browser.areas.sync.value('settings');
    await this.browser.areas.sync.set({ settings: this.settings }).catch(() => {});
    this.browser
      .event('storage.onChanged')
      .emit({ settings: { oldValue: old, newValue: this.settings } }, 'sync');
  }

  /** The popup (or options page) sends a message to the background and gets its answer. */
  async message<T = TabView>(request: Request): Promise<T | undefined> {
    const answers = this.browser.event('runtime.onMessage').emit(request, { id: 'sim' });
    const answer = answers.find((a) => a !== undefined) as Promise<T> | undefined;
    if (!answer) return undefined;
    let value: T | undefined;
    void answer.then(
      (v) => {
        value = v;
      },
      () => {},
    );
    // Most answers need no time to pass; one that waits for a check under way gets it.
    for (let i = 0; i < 20 && value === undefined; i++) await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 100 && value === undefined; i++) await this.settle(100);
    return value;
  }

  view(tabId: number): Promise<TabView | undefined> {
    return this.message({ type: 'get-tab', tabId });
  }

  history(): Incident[] {
    return (this.browser.areas.local.value('history') as Incident[] | undefined) ?? [];
  }

  tab(id: number): SimTab {
    return this.browser.tabs.get(id)!;
  }

  openWindow(incognito = false): number {
    return this.browser.openWindow(incognito).id;
  }

  openTab(windowId: number, url: string): number {
    return this.browser.openTab(windowId, url).id;
  }

  /** The visitor goes to an address (link, address bar) or sends a form. */
  visit(tabId: number, url: string, method = 'GET'): void {
    this.browser.navigate(tabId, url, method, 'visitor');
  }

  /** The visitor presses reload: the same address, with the same method (a form is sent again). */
  reloadByVisitor(tabId: number): void {
    const tab = this.tab(tabId);
    if (tab.url) this.browser.navigate(tabId, tab.url, tab.doc?.method ?? 'GET', 'visitor');
  }

  /** The page reloads itself (meta refresh, location.reload), or retries at another address. */
  reloadByPage(tabId: number, url?: string): void {
    const tab = this.tab(tabId);
    if (tab.url) this.browser.navigate(tabId, url ?? tab.url, 'GET', 'page');
  }
}

/** mulberry32: a small, well-spread generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
