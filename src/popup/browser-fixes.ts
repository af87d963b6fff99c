/** The fixes the popup runs itself through browser APIs. */
import browser from 'webextension-polyfill';
import type { BrowserKind } from '../core/dns-advice';
import type { ClearOutcome } from './actions';

/**
 * Clears one site's cached files (and cookies when asked). The optional permission is requested first,
 * before anything else is awaited, because the prompt needs the click's user gesture.
 * Chrome filters by `origins`; Firefox only by `hostnames`.
 */
export async function clearSiteData(
  site: { origin: string; host: string },
  withCookies: boolean,
  kind: BrowserKind,
): Promise<ClearOutcome> {
  try {
    const granted = await browser.permissions.request({ permissions: ['browsingData'] });
    if (!granted) return 'denied';
    const filter = kind === 'firefox' ? { hostnames: [site.host] } : { origins: [site.origin] };
    await browser.browsingData.remove(filter as browser.BrowsingData.RemovalOptions, {
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
