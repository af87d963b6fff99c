/** Answers the popup and options page (protocol in core/messages.ts and docs/DESIGN.md). */
import browser from 'webextension-polyfill';
import type { Request, ResponseMap, TabView } from '../core/messages';
import * as machine from '../core/recovery';
import type { RecoveryState } from '../core/recovery-state';
import { dispatch, runDueChecks } from './engine';
import { clearHistory, readHistory } from './history-store';
import { getSettings } from './settings-store';
import { readState } from './state-store';

const SITE_HISTORY_ITEMS = 5;

async function hostOfTab(tabId: number, state: RecoveryState): Promise<string | null> {
  const known = state.tabs[tabId]?.host;
  if (known) return known;
  try {
    const url = (await browser.tabs.get(tabId)).url;
    return (url && machine.parseWebUrl(url)?.hostname) || null;
  } catch {
    return null;
  }
}

async function viewOf(tabId: number, state: RecoveryState): Promise<TabView> {
  const [settings, history, host] = await Promise.all([
    getSettings(),
    readHistory(),
    hostOfTab(tabId, state),
  ]);
  const tab = state.tabs[tabId] ?? null;
  return {
    now: Date.now(),
    online: navigator.onLine !== false,
    tab,
    origin: tab ? (state.origins[tab.origin] ?? null) : null,
    settings,
    siteHistory: host ? history.filter((i) => i.host === host).slice(0, SITE_HISTORY_ITEMS) : [],
  };
}

export async function handleRequest(request: Request): Promise<ResponseMap[Request['type']]> {
  switch (request.type) {
    case 'get-tab':
      return viewOf(request.tabId, await readState());
    // Both check at once; after giving up or stop, retrying now is resuming.
    case 'retry-now':
    case 'resume': {
      await dispatch((state, ctx) => machine.retryNow(state, request.tabId, ctx));
      return viewOf(request.tabId, await runDueChecks());
    }
    case 'stop':
      return viewOf(
        request.tabId,
        await dispatch((state, ctx) => machine.stopTab(state, request.tabId, ctx.now)),
      );
    case 'mark-fix':
      return viewOf(
        request.tabId,
        await dispatch((state) => machine.markFix(state, request.tabId, request.fix)),
      );
    case 'get-history':
      return readHistory();
    case 'clear-history':
      await clearHistory();
      return [];
  }
}
