/** A main-frame load in a tab ended: what the machine needs to know about it, gathered cheaply. */
import browser, { type WebRequest } from 'webextension-polyfill';
import * as machine from '../core/recovery';
import { parseRefreshSeconds } from '../core/recovery/page-refresh';
import { dispatch } from './engine';

/** Only a server error can start an incident; every other load skips the extra lookups. */
const MIGHT_FAIL = 500;
const META_READ_TRIES = 5;
const META_READ_GAP_MS = 100;

export async function loadCompleted(details: WebRequest.OnCompletedDetailsType, requestMs: number | null) {
  // Whether the tab is the one shown decides its site's schedule; asked only when the load failed.
  const tab =
    details.statusCode >= MIGHT_FAIL ? await browser.tabs.get(details.tabId).catch(() => null) : null;
  const after = await dispatch((state, ctx) =>
    machine.loadCompleted(
      state,
      {
        tabId: details.tabId,
        url: details.url,
        method: details.method,
        statusCode: details.statusCode,
        headers: details.responseHeaders,
        requestMs,
        ...(tab && { visible: tab.active, windowId: tab.windowId }),
      },
      ctx,
    ),
  );
  if (after.tabs[details.tabId]?.phase === 'waiting') await readMetaRefresh(details.tabId, details.url);
}

/**
 * A maintenance page that refreshes itself says so in `<meta http-equiv="refresh">`: read it, so the
 * first check waits for the page's own reload instead of adding one. webRequest reports the load
 * before the tab shows the new document (Chromium 156), so the read waits for it, a few times at
 * most. A page the browser drew itself (an empty 502) cannot be scripted; then there is nothing to read.
 */
async function readMetaRefresh(tabId: number, url: string): Promise<void> {
  for (let attempt = 0; attempt < META_READ_TRIES; attempt++) {
    const [injection] = await browser.scripting
      .executeScript({
        target: { tabId },
        func: () => ({
          href: location.href,
          refresh: document.querySelector('meta[http-equiv="refresh" i]')?.getAttribute('content') ?? null,
        }),
      })
      .catch(() => []);
    const found = injection?.result as { href: string; refresh: string | null } | undefined;
    if (found && machine.samePage(found.href, url)) {
      const seconds = parseRefreshSeconds(found.refresh);
      if (seconds !== null)
        await dispatch((state) => machine.pageDeclaresRefresh(state, tabId, url, seconds));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, META_READ_GAP_MS));
  }
}
