/**
 * The web page each tab last showed: the address of its latest main-frame load that got an answer
 * (webRequest `onCompleted`, any status), in memory only and only while the tab exists. It tells a
 * reload of a page whose name has just stopped resolving from a typo: Firefox ESR 153 gives a reload
 * no `originUrl`, and may already report the tab as showing the error page, `complete`, when asked
 * after the failure. Nothing is stored; a background that starts again asks the open tabs once.
 */
import browser from 'webextension-polyfill';
import { parseWebUrl } from '../core/web-url';

const answered = new Map<number, string>();
let asked: Promise<void> = Promise.resolve();

/** A main-frame load of the tab got an answer: the tab now shows a page of that address. */
export function pageAnswered(tabId: number, url: string): void {
  answered.set(tabId, url);
}

export function forgetTabPage(tabId: number): void {
  answered.delete(tabId);
}

/**
 * Called once as the background starts: the pages the open tabs show now, for tabs whose load this
 * background has not seen (a Firefox event page stopped after 30 s idle wakes for the reload itself).
 * One query per start, never one per page load.
 */
export function askOpenTabs(): void {
  // Every tab, not a `url` filter: Firefox ESR 153 may match its error page's own address there.
  asked = browser.tabs.query({}).then(
    (tabs) => {
      for (const tab of tabs) {
        if (tab.id !== undefined && tab.url && parseWebUrl(tab.url) && !answered.has(tab.id))
          answered.set(tab.id, tab.url);
      }
    },
    () => {},
  );
}

/** The web page the tab showed last, if this background knows it. */
export async function answeredPage(tabId: number): Promise<string | undefined> {
  await asked;
  return answered.get(tabId);
}
