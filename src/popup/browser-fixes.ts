/** The fixes the popup runs itself through browser APIs. */
import browser from 'webextension-polyfill';
import type { ClearOutcome } from './actions';

/**
 * Clears one site's cached files (and cookies when asked), by origin: Chrome only. Firefox filters by
 * `hostnames` alone, and its cache cleaner then misses every partitioned entry, which since network
 * partitioning is all of them: it reports success and the files stay (FixChecklist gives Firefox
 * its own steps). The optional permission is requested first, before anything else is awaited,
 * because the prompt needs the click's user gesture.
 */
export async function clearSiteData(
  site: { origin: string; private?: true },
  withCookies: boolean,
): Promise<ClearOutcome> {
  // browsingData acts on the regular profile: for a private tab it would sign the visitor out there
  // and leave the private window's own data as it was.
  if (site.private) return 'failed';
  try {
    const granted = await browser.permissions.request({ permissions: ['browsingData'] });
    if (!granted) return 'denied';
    // The polyfill's types follow Firefox's schema, which has no `origins`.
    const filter = { origins: [site.origin] } as browser.BrowsingData.RemovalOptions;
    await browser.browsingData.remove(filter, {
      cache: true,
      cookies: withCookies,
    });
    return 'done';
  } catch {
    return 'failed';
  }
}

export async function openPrivateWindow(url: string): Promise<boolean> {
  try {
    await browser.windows.create({ url, incognito: true });
    return true;
  } catch {
    return false;
  }
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
