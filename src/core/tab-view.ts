import type { TabView } from './messages';
import type { Incident, RecoveryState } from './recovery-state';
import type { Settings } from './settings';

const SITE_HISTORY_ITEMS = 5;

export interface TabViewInput {
  tabId: number;
  state: RecoveryState;
  settings: Settings;
  /** The whole history, newest first. */
  history: Incident[];
  /** The tab's host when it is not failing (a failing tab's own record knows it). */
  host: string | null;
  now: number;
  online: boolean;
  /** Tabs the engine stopped acting on because their state could not be saved. */
  held?: readonly number[];
}

/** What the popup shows for one tab: its recovery, its site's schedule and the site's recent incidents. */
export function composeTabView({
  tabId,
  state,
  settings,
  history,
  host,
  now,
  online,
  held = [],
}: TabViewInput): TabView {
  const tab = state.tabs[tabId] ?? null;
  const site = tab?.host ?? host;
  return {
    now,
    online,
    tab,
    origin: tab ? (state.origins[tab.origin] ?? null) : null,
    settings,
    siteHistory: site ? history.filter((i) => i.host === site).slice(0, SITE_HISTORY_ITEMS) : [],
    ...(!tab && held.includes(tabId) && { held: true }),
  };
}
