import type { TabView } from './messages';
import { type FailureSeen, findProviderOutage } from './provider-outage';
import { type Incident, type RecoveryState, scheduleKey, type TabRecovery } from './recovery-state';
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

const seen = (f: Pick<TabRecovery, 'host' | 'layer' | 'chain' | 'startedAt'>): FailureSeen => ({
  host: f.host,
  chain: f.chain ?? [f.layer],
  at: f.startedAt,
});

/**
 * What the popup shows for one tab: its recovery, its site's schedule, the site's recent incidents,
 * and whether other sites failed through the same provider (other tabs now, or the history). A normal
 * window's view never draws on a private tab; a private tab's may use both.
 */
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
    origin: tab ? (state.origins[scheduleKey(tab)] ?? null) : null,
    settings,
    siteHistory: site ? history.filter((i) => i.host === site).slice(0, SITE_HISTORY_ITEMS) : [],
    ...(!tab && held.includes(tabId) && { held: true }),
    providerOutage: tab
      ? findProviderOutage(seen(tab), [
          ...Object.values(state.tabs)
            .filter((t) => t.tabId !== tabId && (tab.private || !t.private))
            .map(seen),
          ...history.map(seen),
        ])
      : null,
  };
}
