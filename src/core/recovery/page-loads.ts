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
 * How the engine returns to a page whose method it never saw: a new GET navigation, which can never
 * resend a form, to the address the tab shows then (`returnTarget`); `url` is the stored page it must be.
 */
export function pageReturn(tab: TabRecovery): ReloadEffect {
  return { type: 'reload', tabId: tab.tabId, url: tab.url, navigate: true };
}

/**
 * Where a page-read tab is sent back: the address the tab shows (`shown`, from `tabs.get`), never the
 * stored one, which past 2 KB has lost its fragment and maybe its end. The navigation goes to it
 * without its fragment: to the same address with one it is a fragment navigation, a scroll (no request
 * in Chromium 156); the fragment is put back once the page shows. Null when the tab's address is unknown or is no
 * longer the stored page: then nothing is sent.
 */
export function returnTarget(
  shown: string | undefined,
  stored: string,
): { url: string; fragment: string } | null {
  if (shown === undefined || !samePage(shown, stored)) return null;
  const hash = shown.indexOf('#');
  return hash < 0 ? { url: shown, fragment: '' } : { url: shown.slice(0, hash), fragment: shown.slice(hash) };
}
