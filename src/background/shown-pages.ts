/**
 * Whether a tab has shown the page of its latest navigation (tabs.onUpdated `complete` after the
 * main-frame request), so follow-up reloads can wait for the tab that confirmed a site's return.
 * Lost with the worker: then a follow-up waits the whole (short) bound, nothing worse.
 */

/** Longest a follow-up waits: a heavy page's `complete` can take seconds; hidden tabs should not. */
export const FOLLOW_WAIT_MAX_MS = 1_000;

const shown = new Set<number>();
const waiters = new Map<number, (() => void)[]>();

/** A main-frame request left the tab: its page is not shown until the tab completes again. */
export function pageLeaving(tabId: number): void {
  shown.delete(tabId);
}

/** The tab finished loading its page. */
export function pageShown(tabId: number): void {
  if (shown.size > 200) shown.clear();
  shown.add(tabId);
  for (const wake of waiters.get(tabId) ?? []) wake();
  waiters.delete(tabId);
}

/** Resolves once the tab has shown its page, or after `maxMs`, whichever is first. */
export function whenShown(tabId: number, maxMs = FOLLOW_WAIT_MAX_MS): Promise<void> {
  if (shown.has(tabId)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    const list = waiters.get(tabId) ?? [];
    list.push(() => {
      clearTimeout(timer);
      resolve();
    });
    waiters.set(tabId, list);
  });
}
