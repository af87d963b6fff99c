import { errorSignature } from './error-signature';
import type { TabView } from './messages';
import { type FailureSeen, findProviderOutage } from './provider-outage';
import { type Incident, type RecoveryState, scheduleKey, type TabRecovery } from './recovery-state';
import type { Settings } from './settings';
import { findVisitorNetwork, type SignedFailure, type VisitorNetwork } from './visitor-network';

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

// A provider named only on wording others share is not said to be down (history keeps no such list).
const seen = (f: Pick<TabRecovery, 'host' | 'layer' | 'chain' | 'startedAt' | 'probable'>): FailureSeen => ({
  host: f.host,
  chain: (f.chain ?? [f.layer]).filter((id) => !f.probable?.includes(id)),
  at: f.startedAt,
});

const signed = (f: TabRecovery): SignedFailure => ({
  host: f.host,
  at: f.startedAt,
  signature: errorSignature(f),
});

/**
 * The same error from unrelated sites: the visitor's own network. A private tab counts only private
 * tabs, a regular one regular tabs and the history (which never holds a private tab), so neither
 * window's sites ever count for, or show in, the other.
 */
function visitorNetworkOf(
  tab: TabRecovery,
  state: RecoveryState,
  history: Incident[],
): VisitorNetwork | null {
  const isPrivate = Boolean(tab.private);
  const tabs = Object.values(state.tabs).filter(
    (t) => t.tabId !== tab.tabId && Boolean(t.private) === isPrivate,
  );
  const past = isPrivate ? [] : history;
  return findVisitorNetwork(
    signed(tab),
    [
      ...tabs.map(signed),
      ...past.map((i) => ({
        host: i.host,
        at: i.startedAt,
        signature: typeof i.signature === 'string' ? i.signature : null,
      })),
    ],
    past.filter((i) => i.outcome === 'recovered').map((i) => i.endedAt),
  );
}

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
    visitorNetwork: tab ? visitorNetworkOf(tab, state, history) : null,
  };
}
