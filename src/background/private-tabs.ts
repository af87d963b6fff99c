/**
 * Whether a page load happened in a private window. Firefox's webRequest details say so
 * (`incognito`); Chromium's do not (Chromium 156), so there the tab is asked, which `tabs.get`
 * answers without the "tabs" permission. A tab that cannot be asked (closed meanwhile) counts as
 * private: the safe side is to record nothing.
 */
import browser from 'webextension-polyfill';

export function isPrivateLoad(details: { tabId: number; incognito?: boolean }): Promise<boolean> {
  if (typeof details.incognito === 'boolean') return Promise.resolve(details.incognito);
  return browser.tabs.get(details.tabId).then(
    (tab) => tab.incognito !== false,
    () => true,
  );
}
