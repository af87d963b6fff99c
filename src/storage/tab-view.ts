import browser from 'webextension-polyfill';
import type { TabView } from '../core/messages';
import type { RecoveryState } from '../core/recovery-state';
import { DEFAULT_SETTINGS } from '../core/settings';
import { composeTabView } from '../core/tab-view';
import { parseWebUrl } from '../core/web-url';
import { readStoredHeld, readStoredHistory, readStoredSettings, readStoredState } from './stored';

async function hostOfTab(tabId: number): Promise<string | null> {
  try {
    const url = (await browser.tabs.get(tabId)).url;
    return (url && parseWebUrl(url)?.hostname) || null;
  } catch {
    return null;
  }
}

/**
 * One tab's view from storage. The popup reads it itself, so its first frame never waits for a
 * stopped service worker to start; the background passes its own state, which may be newer than
 * what is stored. Throws only when the recovery state cannot be read.
 */
export async function readTabView(tabId: number, state?: RecoveryState): Promise<TabView> {
  const [current, settings, history, held] = await Promise.all([
    state ?? readStoredState(),
    readStoredSettings().catch(() => ({ ...DEFAULT_SETTINGS })),
    readStoredHistory().catch(() => []),
    readStoredHeld().catch(() => []),
  ]);
  const host = current.tabs[tabId] ? null : await hostOfTab(tabId);
  return composeTabView({
    tabId,
    state: current,
    settings,
    history,
    host,
    now: Date.now(),
    online: navigator.onLine !== false,
    held,
  });
}
