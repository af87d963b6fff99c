/** A tab that changes its id or disappears without a word: its incident follows it or ends. */
import type { RecoveryState } from '../recovery-state';
import type { Effect, Result } from './context';
import { endTab } from './incident';

/**
 * The browser swapped a tab for another (Chromium 156 gives a discarded tab a new id and fires
 * tabs.onReplaced; Firefox ESR 153 keeps the id): the incident moves to the new id, so the tab is
 * still checked, reloaded and shown, and nothing is left waiting on an id that no longer exists.
 */
export function tabReplaced(
  state: RecoveryState,
  addedTabId: number,
  removedTabId: number,
  now: number,
): Result {
  const tab = state.tabs[removedTabId];
  if (!tab || addedTabId === removedTabId) return { state, effects: [] };
  // An incident already on the new id (never seen, but possible in principle) ends: one per tab.
  const cleared = endTab(state, addedTabId, 'closed', now);
  const { [removedTabId]: _moved, ...tabs } = cleared.state.tabs;
  return {
    state: { ...cleared.state, tabs: { ...tabs, [addedTabId]: { ...tab, tabId: addedTabId } } },
    effects: cleared.effects,
  };
}

/**
 * Tabs the browser says no longer exist (an event missed while the background was being replaced):
 * their incidents end as closed. Tab ids are never reused within a session, so a gone id stays gone.
 */
export function tabsGone(state: RecoveryState, goneTabIds: readonly number[], now: number): Result {
  let s = state;
  const effects: Effect[] = [];
  for (const id of goneTabIds) {
    const ended = endTab(s, id, 'closed', now);
    s = ended.state;
    effects.push(...ended.effects);
  }
  return { state: s, effects };
}
