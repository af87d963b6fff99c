/**
 * Chromium's own reload of a shown page that got no answer (`NetErrorAutoReloader` in
 * components/error_page, the same in Chromium 156): after an error page of a GET commits, it reloads
 * the page after 1 s, 5 s, 30 s, 1 min, 5 min, 10 min, then every 30 min. The count starts again at
 * an error page that is not a reload (or another error); a reload of the same page keeps it, whoever
 * sent it. Any navigation pauses the timer, and so do a hidden tab and the device going offline;
 * each resumes it with the current delay. Its own reload that fails alike commits nothing: the error
 * page stays (an `IgnoreDuplicateErrorThrottle`), and the next reload is timed. Firefox has none.
 */
export const AUTO_RELOAD_MS = [1000, 5000, 30_000, 60_000, 300_000, 600_000, 1_800_000] as const;

interface Tracked {
  url: string;
  count: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** What the auto-reloader needs to know of a tab, as the browser has it now. */
export interface ShownTab {
  id: number;
  active: boolean;
  closed: boolean;
  /** A navigation of the tab is under way. */
  pending: boolean;
}

export class AutoReload {
  private readonly tracked = new Map<number, Tracked>();
  private online = true;

  constructor(
    private readonly tabOf: (tabId: number) => ShownTab | undefined,
    private readonly reload: (tabId: number, url: string) => void,
  ) {}

  /** A page committed in the tab: an error page of a GET with no answer, or anything else. */
  committed(tabId: number, url: string, noAnswer: boolean, method: string, wasReload: boolean): void {
    if (!noAnswer || method !== 'GET' || !/^https?:/.test(url)) {
      this.forget(tabId);
      return;
    }
    const known = this.tracked.get(tabId);
    if (!wasReload || !known || known.url !== url) {
      this.forget(tabId);
      this.tracked.set(tabId, { url, count: 0, timer: null });
    }
    this.schedule(tabId);
  }

  /** Whether a reload of this address by the browser itself would only show the same error again. */
  isOwnDuplicate(tabId: number, url: string): boolean {
    return this.tracked.get(tabId)?.url === url;
  }

  /** A navigation that ended without committing (the browser's own duplicate error): the next reload is timed. */
  ended(tabId: number): void {
    this.schedule(tabId);
  }

  navigationStarted(tabId: number): void {
    this.pause(tabId);
  }

  /** The tab was shown or hidden. */
  visibilityChanged(tabId: number): void {
    const tab = this.tabOf(tabId);
    if (tab?.active && !tab.pending) this.schedule(tabId);
    else this.pause(tabId);
  }

  connectionChanged(online: boolean): void {
    this.online = online;
    for (const tabId of this.tracked.keys())
      if (online) this.visibilityChanged(tabId);
      else this.pause(tabId);
  }

  forget(tabId: number): void {
    this.pause(tabId);
    this.tracked.delete(tabId);
  }

  private pause(tabId: number): void {
    const known = this.tracked.get(tabId);
    if (known?.timer) clearTimeout(known.timer);
    if (known) known.timer = null;
  }

  private schedule(tabId: number): void {
    const known = this.tracked.get(tabId);
    const tab = this.tabOf(tabId);
    if (!known || !tab || tab.closed || !tab.active || !this.online) return;
    this.pause(tabId);
    const delay = AUTO_RELOAD_MS[Math.min(known.count, AUTO_RELOAD_MS.length - 1)]!;
    known.timer = setTimeout(() => {
      known.timer = null;
      const now = this.tabOf(tabId);
      if (!now || now.closed || !now.active || !this.online || this.tracked.get(tabId) !== known) return;
      known.count += 1;
      this.reload(tabId, known.url);
    }, delay);
  }
}
