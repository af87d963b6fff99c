/**
 * When the extension is installed or updated, or the browser starts, tabs may already show a gateway
 * error that no listener of ours saw. They are read and taken in as if their load had just failed.
 */
import browser from 'webextension-polyfill';
import * as machine from '../core/recovery';
import { dispatch } from './engine';
import { takeInPageReading } from './page-status';
import { readState } from './state-store';

/** Pages read at a time: a browser restored with hundreds of tabs is not flooded. */
const READS_AT_ONCE = 4;

export async function scanOpenTabs(): Promise<void> {
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  // A discarded tab has no page to read: when the visitor returns, its load is seen like any other.
  // A tab still loading is read when its load ends (page-loads.ts).
  const ready = tabs.filter((t) => t.id !== undefined && t.url && !t.discarded && t.status === 'complete');
  for (let i = 0; i < ready.length; i += READS_AT_ONCE) {
    await Promise.all(ready.slice(i, i + READS_AT_ONCE).map((t) => takeInPageReading(t.id!, t.url!)));
  }
}

/** Ends incidents of tabs that are gone, so no check is ever made for a tab that no longer exists. */
export async function forgetGoneTabs(): Promise<void> {
  const ids = Object.values((await readState()).tabs).map((t) => t.tabId);
  const gone = await Promise.all(
    ids.map((id) =>
      browser.tabs.get(id).then(
        () => null,
        () => id,
      ),
    ),
  );
  const goneIds = gone.filter((id): id is number => id !== null);
  if (goneIds.length > 0) await dispatch((state, ctx) => machine.tabsGone(state, goneIds, ctx.now));
}

/**
 * Windows closed while no background ran (the browser kept a private window's schedule through a
 * restart of the extension): the private schedules they served go with them. Firefox for Android
 * has no windows: there a private schedule ends with its cool-down.
 */
export async function forgetGoneWindows(): Promise<void> {
  if (!browser.windows) return;
  const [state, open] = await Promise.all([readState(), browser.windows.getAll()]);
  const openIds = new Set(open.map((w) => w.id));
  const gone = Object.values(state.origins).flatMap((o) =>
    (o.windows ?? []).filter((id) => !openIds.has(id)),
  );
  if (gone.length > 0) await dispatch((state, ctx) => machine.windowsClosed(state, gone, ctx.now));
}
