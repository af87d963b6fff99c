/**
 * Bounds on everything a page controls before it is stored, shown, exported or linked: one odd page
 * (a 2 MB address, a megabyte of headers, `user:pass@` in its URL) must never evict the history,
 * fill `storage.session` or leak a password. See docs/DESIGN.md, "What a page can put in storage".
 */
import type { Incident } from './recovery-state';

/** A stored address: about 2 KB, like the longest URLs that work everywhere. */
export const MAX_URL_BYTES = 2048;
export const MAX_HEADERS = 40;
export const MAX_HEADER_NAME_BYTES = 64;
export const MAX_HEADER_VALUE_BYTES = 200;
/** All kept headers of one tab together. */
export const MAX_HEADER_BYTES = 2048;
/** One history item as stored (its JSON). */
export const MAX_INCIDENT_BYTES = 6 * 1024;
const MAX_METHOD_BYTES = 16;
const MAX_HOST_BYTES = 256;
const MAX_ID_BYTES = 64;

const encoder = new TextEncoder();

export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** The longest start of `text` (whole code points) that fits `maxBytes` of UTF-8; reads no further than needed. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) return text.slice(0, end);
    bytes += size;
    end += ch.length;
  }
  return text;
}

/** FNV-1a over UTF-16 units: two long addresses that share their first 2 KB still read as different pages. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

// ASCII only and no `#`, so the URL parser leaves it as it is and a fragment split never cuts it.
const CUT_MARKER = /\.\.\.\(cut-\d+-[0-9a-f]{8}\)$/;

// The authority of a hierarchical URL: what follows `scheme://` up to the path, query or fragment.
const AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/\\?#]*)/i;

/**
 * The address without `user:password@`: fetch refuses such URLs, and a password is never stored.
 * Done on the text (the userinfo ends at the authority's last `@`), so a 2 MB address is never parsed whole.
 */
export function withoutCredentials(url: string): string {
  const match = AUTHORITY.exec(url);
  const authority = match?.[2];
  if (!match || !authority?.includes('@')) return url;
  return match[1] + authority.slice(authority.lastIndexOf('@') + 1) + url.slice(match[0].length);
}

/** Whether `text` fits `maxBytes` of UTF-8, without encoding more than `maxBytes` characters of it. */
function fitsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return false;
  return text.length * 3 <= maxBytes || encoder.encode(text).length <= maxBytes;
}

/**
 * The address as stored: no credentials; one longer than `MAX_URL_BYTES` loses its fragment and
 * then its end, replaced by a marker with the length cut and a hash of what was cut. Idempotent.
 */
export function boundUrl(url: string): string {
  const clean = withoutCredentials(url);
  if (fitsBytes(clean, MAX_URL_BYTES)) return clean;
  const hash = clean.indexOf('#');
  const page = hash < 0 ? clean : clean.slice(0, hash);
  if (fitsBytes(page, MAX_URL_BYTES)) return page;
  const marker = (rest: string) => `...(cut-${rest.length}-${shortHash(rest)})`;
  const head = cutToBytes(page, MAX_URL_BYTES - `...(cut-${page.length}-00000000)`.length);
  return head + marker(page.slice(head.length));
}

export function isCutUrl(url: string): boolean {
  return CUT_MARKER.test(url);
}

/** What two addresses are compared by: the bounded page, without the fragment (`#section` is no navigation). */
export function pageKey(url: string): string {
  const bounded = boundUrl(url);
  const hash = bounded.indexOf('#');
  return hash < 0 ? bounded : bounded.slice(0, hash);
}

/**
 * The address the visitor is given (QR code, link to copy, private window, archive): the one the tab
 * shows, without credentials, while it shows the stored page; else the stored one if it is whole.
 * Null when only a cut address is known: a cut address is not the page.
 */
export function shareableUrl(stored: string, shown: string | undefined): string | null {
  if (shown !== undefined && pageKey(shown) === pageKey(stored)) return withoutCredentials(shown);
  return isCutUrl(stored) ? null : stored;
}

/**
 * The URL a check requests. A cut address is not the page (the end is a marker), so its site is
 * checked at the page's path without the query, or at its root when even the path is too long.
 */
export function checkUrlOf(url: string): string {
  const clean = withoutCredentials(url);
  if (!isCutUrl(clean)) return clean;
  try {
    const { origin, pathname } = new URL(clean);
    return pathname.length + origin.length <= MAX_URL_BYTES && !CUT_MARKER.test(pathname)
      ? origin + pathname
      : `${origin}/`;
  } catch {
    return clean;
  }
}

export type HeaderPairs = [string, string][];

/** Headers cut to their bounds: at most `MAX_HEADERS`, each name and value cut, all within `MAX_HEADER_BYTES`. */
export function boundHeaders(headers: ReadonlyArray<readonly [string, string]>): HeaderPairs {
  const kept: HeaderPairs = [];
  let bytes = 2;
  for (const [name, value] of headers) {
    if (kept.length >= MAX_HEADERS) break;
    const pair: [string, string] = [
      cutToBytes(name, MAX_HEADER_NAME_BYTES),
      cutToBytes(value, MAX_HEADER_VALUE_BYTES),
    ];
    const size = jsonBytes(pair) + 1;
    if (bytes + size > MAX_HEADER_BYTES) break;
    bytes += size;
    kept.push(pair);
  }
  return kept;
}

/**
 * A history item within its bounds: address bounded and without credentials, method cut, and when
 * still too large its checks dropped from the oldest on. A new big incident never pushes out others.
 */
export function boundIncident(incident: Incident): Incident {
  const text = (value: unknown, max: number) => (typeof value === 'string' ? cutToBytes(value, max) : '');
  const url = typeof incident.url === 'string' ? boundUrl(incident.url) : '';
  const method = text(incident.method, MAX_METHOD_BYTES);
  const host = text(incident.host, MAX_HOST_BYTES);
  const id = text(incident.id, MAX_ID_BYTES);
  const same =
    url === incident.url && method === incident.method && host === incident.host && id === incident.id;
  let bounded: Incident = same ? incident : { ...incident, id, host, url, method };
  while (bounded.checks.length > 0 && jsonBytes(bounded) > MAX_INCIDENT_BYTES) {
    bounded = { ...bounded, checks: bounded.checks.slice(Math.ceil(bounded.checks.length / 2)) };
  }
  return bounded;
}
