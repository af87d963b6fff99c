/**
 * Page loads webRequest never reports: a service worker that answers navigations hides them (Chromium
 * 156 and Firefox ESR 153 report only the worker's own fetch, with tabId -1). Every load of a tab ends
 * with tabs.onUpdated `complete`; when webRequest reported no main-frame load for it, the page is
 * asked for its status. Ordinary pages cost a Map lookup; only pages a worker served are read.
 */
import { samePage } from '../core/recovery';
import { parseWebUrl } from '../core/web-url';
import { takeInPageReading } from './page-status';

// Losing this with the worker costs one needless reading, which the state machine ignores.
const reported = new Map<number, string>();

/**
 * A main-frame request leaves the tab: what webRequest said of the tab's load before is void.
 * (Not the tab's `loading` status: Chromium 156 fires it after webRequest's onCompleted for a page
 * from the network, seen on every small page.)
 */
export function forgetReportedLoad(tabId: number): void {
  reported.delete(tabId);
}

/** webRequest reported a main-frame load of `url` in the tab. */
export function noteReportedLoad(tabId: number, url: string): void {
  if (reported.size > 200) reported.clear();
  reported.set(tabId, url);
}

/** A tab's loading status changed (tabs.onUpdated): at `complete`, read the page if webRequest saw no load. */
export function tabLoadChanged(tabId: number, status: string | undefined, url: string | undefined): void {
  if (status !== 'complete') return;
  const seen = reported.get(tabId);
  reported.delete(tabId);
  // Firefox ESR 153 fires `complete` with no url while it restores a discarded tab. The reported
  // load is compared first: that is every ordinary page, so it costs no URL parsing.
  if (!url || (seen !== undefined && samePage(seen, url)) || !parseWebUrl(url)) return;
  void takeInPageReading(tabId, url);
}
