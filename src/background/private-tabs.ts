/**
 * What the engine needs to know about the tab of a failed load: whether it is in a private window,
 * and whether it is the tab shown in its window. Firefox's webRequest details say whether a load is
 * private (`incognito`); Chromium's do not (Chromium 156), so there the tab is asked, which `tabs.get`
 * answers without the "tabs" permission. A tab that cannot be asked (closed meanwhile) counts as
 * private: the safe side is to record nothing.
 */
import browser from 'webextension-polyfill';

export interface TabFacts {
  incognito: boolean;
  visible?: boolean;
  windowId?: number;
  /** The tab could not be asked: closed meanwhile. */
  gone?: true;
}

export function tabFacts(details: { tabId: number; incognito?: boolean }): Promise<TabFacts> {
  return browser.tabs.get(details.tabId).then(
    (tab) => ({
      incognito: typeof details.incognito === 'boolean' ? details.incognito : tab.incognito !== false,
      visible: tab.active,
      windowId: tab.windowId,
    }),
    () => ({ incognito: details.incognito ?? true, gone: true as const }),
  );
}
