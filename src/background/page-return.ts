/**
 * Returning to a page whose failure was read from the page: its method is unknown, so never
 * `tabs.reload` (which could send a form again) but a new GET navigation to the exact address the
 * tab shows, with its fragment put back in place once the page is there.
 */
import browser from 'webextension-polyfill';
import { returnTarget } from '../core/recovery';
import { pageLeaving, whenShown } from './shown-pages';

/** How long the fragment waits for the page to show: a service worker's page may load for seconds. */
const FRAGMENT_WAIT_MS = 10_000;

/** Sends the tab back to `shown` (its address now) if that is the stored page `stored`; else sends nothing. */
export async function returnToPage(tabId: number, shown: string | undefined, stored: string): Promise<void> {
  const target = returnTarget(shown, stored);
  // Without the tab's own address the page cannot be returned to exactly: nothing is sent, and the
  // reload timeout counts the attempt (a cut stored address is never the page).
  if (!target) return;
  // A service worker's page reports no main-frame request: its page counts as shown at its next `complete`.
  pageLeaving(tabId);
  const sent = await browser.tabs.update(tabId, { url: target.url }).then(
    () => true,
    () => false,
  );
  if (sent && target.fragment) void restoreFragment(tabId, target.url, target.fragment);
}

async function restoreFragment(tabId: number, url: string, fragment: string): Promise<void> {
  await whenShown(tabId, FRAGMENT_WAIT_MS);
  await browser.scripting
    .executeScript({ target: { tabId }, func: putFragmentBack, args: [url, fragment] })
    .catch(() => {}); // Chromium's own error page, a closed tab: the fragment stays lost.
}

/**
 * Runs in the page. `location.replace` adds no history entry and fires `hashchange`, so a hash router
 * shows the screen the visitor was on and an anchor scrolls. Only on the document the return loaded:
 * a page that went elsewhere by itself is left alone (a router's own `#/` start is replaced).
 */
function putFragmentBack(url: string, fragment: string): void {
  if (location.href.split('#')[0] === url && location.hash !== fragment) location.replace(fragment);
}
