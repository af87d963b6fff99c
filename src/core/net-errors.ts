/**
 * Page loads that end without any answer (webRequest `onErrorOccurred`), sorted into kinds a visitor
 * understands. The names are what each browser really sends (docs/DESIGN.md, "Sites that do not
 * answer"): Chromium `net::ERR_…`, Firefox `NS_…` codes, and for certificates Firefox sends a
 * sentence ("The certificate is not trusted because it is self-signed.", Firefox ESR 153).
 */
import { siteOf } from './provider-outage';
import { parseWebUrl } from './web-url';

/** The kinds a retry can fix: the server refuses or drops the connection, it does not answer in time, the name does not resolve, the device is offline. */
export type NetFailure = 'refused' | 'timeout' | 'dns' | 'offline';
/** Every kind: the last three are left alone, retrying cannot fix them. */
export type NetErrorKind = NetFailure | 'certificate' | 'blocked' | 'aborted' | 'other';

export const NET_FAILURES: readonly NetFailure[] = ['refused', 'timeout', 'dns', 'offline'];

const NAMES: Record<string, NetErrorKind> = {
  // Chromium 156 (net/base/net_error_list.h)
  ERR_CONNECTION_REFUSED: 'refused',
  ERR_CONNECTION_RESET: 'refused',
  ERR_CONNECTION_CLOSED: 'refused',
  ERR_CONNECTION_ABORTED: 'refused',
  ERR_CONNECTION_FAILED: 'refused',
  ERR_EMPTY_RESPONSE: 'refused',
  ERR_ADDRESS_UNREACHABLE: 'refused',
  ERR_SOCKET_NOT_CONNECTED: 'refused',
  ERR_CONNECTION_TIMED_OUT: 'timeout',
  ERR_TIMED_OUT: 'timeout',
  ERR_NAME_NOT_RESOLVED: 'dns',
  ERR_NAME_RESOLUTION_FAILED: 'dns',
  ERR_INTERNET_DISCONNECTED: 'offline',
  ERR_NETWORK_CHANGED: 'offline',
  ERR_ABORTED: 'aborted',
  ERR_BLOCKED_BY_CLIENT: 'blocked',
  ERR_BLOCKED_BY_ADMINISTRATOR: 'blocked',
  ERR_BLOCKED_BY_RESPONSE: 'blocked',
  ERR_UNSAFE_PORT: 'blocked',
  ERR_ACCESS_DENIED: 'blocked',
  // Firefox ESR 153 (netwerk/base/ErrorList.py)
  NS_ERROR_CONNECTION_REFUSED: 'refused',
  NS_ERROR_NET_RESET: 'refused',
  NS_ERROR_NET_INTERRUPT: 'refused',
  NS_ERROR_NET_EMPTY_RESPONSE: 'refused',
  NS_ERROR_NET_PARTIAL_TRANSFER: 'refused',
  NS_ERROR_NET_TIMEOUT: 'timeout',
  NS_ERROR_NET_TIMEOUT_EXTERNAL: 'timeout',
  NS_ERROR_UNKNOWN_HOST: 'dns',
  NS_ERROR_OFFLINE: 'offline',
  NS_BINDING_ABORTED: 'aborted',
  NS_ERROR_ABORT: 'aborted',
  NS_ERROR_PORT_ACCESS_NOT_ALLOWED: 'blocked',
  NS_ERROR_BLOCKED_BY_POLICY: 'blocked',
};

/** The kind of a browser's error name; an unknown name is `other` and left alone. */
export function netErrorKind(error: string): NetErrorKind {
  const name = error.trim().replace(/^net::/, '');
  const known = NAMES[name];
  if (known) return known;
  if (/^ERR_(CERT|SSL)_|^(SEC|SSL)_ERROR_|^MOZILLA_PKIX_|certificate/i.test(name)) return 'certificate';
  if (/^NS_ERROR_.*(BLOCKED|TRACKING|MALWARE|PHISHING)/.test(name)) return 'blocked';
  return 'other';
}

export function isNetFailure(kind: NetErrorKind): kind is NetFailure {
  return (NET_FAILURES as readonly string[]).includes(kind);
}

/** What the tab knew about the site when its load failed. */
export interface NameEvidence {
  /** The page that started the load (`initiator` in Chromium, `originUrl` in Firefox), when a page did. */
  initiator?: string;
  /** The page the tab last showed: its latest load that got an answer, as long as the tab exists. */
  shownUrl?: string;
  /** The tab's address when asked right after the failure. */
  tabUrl?: string;
  /** Whether the tab was still loading then (a reload of the page it showed). */
  tabLoading?: boolean;
}

/**
 * Whether the tab had shown this site before its name stopped resolving: a link or a script of a
 * page of the same site started the load, a page of the site was the tab's latest answered load (a
 * reload, a link, an address typed on it), or the tab still showed such a page when asked.
 * Chromium 156 reports the previous page as the tab's address at the failure; Firefox ESR 153 may
 * already show the failing address, so the failing address itself counts only while the tab is
 * still loading it, never once it shows the error (a typo's error page has that address too).
 * Nothing else about the names the visitor reached is kept.
 */
export function nameWasKnown(failingUrl: string, evidence: NameEvidence): boolean {
  const failing = parseWebUrl(failingUrl);
  if (!failing) return false;
  const site = siteOf(failing.hostname);
  const sameSite = (url?: string) => {
    const parsed = url ? parseWebUrl(url) : null;
    return parsed !== null && siteOf(parsed.hostname) === site;
  };
  if (sameSite(evidence.initiator) || sameSite(evidence.shownUrl)) return true;
  if (!sameSite(evidence.tabUrl)) return false;
  return evidence.tabUrl !== failingUrl || evidence.tabLoading === true;
}

/** The kind a stored record names, if it is one this version knows (older or hand-edited records may not). */
export function failureOf(record: { failure?: unknown }): NetFailure | undefined {
  return (NET_FAILURES as readonly unknown[]).includes(record.failure)
    ? (record.failure as NetFailure)
    : undefined;
}
