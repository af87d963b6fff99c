/** Loads read from the page rather than seen by webRequest (service-worker sites, tabs older than the extension). */
import type { TabRecovery } from '../recovery-state';
import { type ReloadEffect, samePage } from './context';

/**
 * A failing reading for a page the engine already tracks adds nothing: one incident, never two, and
 * webRequest's details (method, headers, Retry-After) are kept. Only a reload of ours that failed
 * again is news, since no webRequest event tells of it on a service-worker site, and so is a gateway
 * error after the page got another error (a new incident).
 */
export function alreadyTracked(existing: TabRecovery | undefined, url: string): boolean {
  return (
    existing !== undefined &&
    samePage(existing.url, url) &&
    existing.phase !== 'reloading' &&
    existing.phase !== 'answered-other'
  );
}

/**
 * How the engine returns to a page whose method it never saw: a new GET navigation to its address,
 * which can never resend a form. Without the fragment: the same address with it would only scroll.
 */
export function pageReturn(tab: TabRecovery): ReloadEffect {
  return { type: 'reload', tabId: tab.tabId, url: tab.url.split('#')[0]!, navigate: true };
}
