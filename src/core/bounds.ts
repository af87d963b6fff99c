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

/** The address without `user:password@`: fetch refuses such URLs, and a password is never stored. */
export function withoutCredentials(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    // Not a URL: drop everything between the scheme and an `@` before the path, to be safe.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
}

/**
 * The address as stored: no credentials; one longer than `MAX_URL_BYTES` loses its fragment and
 * then its end, replaced by a marker with the length cut and a hash of what was cut. Idempotent.
 */
export function boundUrl(url: string): string {
  const clean = withoutCredentials(url);
  if (encoder.encode(clean).length <= MAX_URL_BYTES) return clean;
  const page = clean.split('#')[0]!;
  if (encoder.encode(page).length <= MAX_URL_BYTES) return page;
  const marker = (rest: string) => `...(cut-${rest.length}-${shortHash(rest)})`;
  const head = cutToBytes(page, MAX_URL_BYTES - marker(page).length);
  return head + marker(page.slice(head.length));
}

export function isCutUrl(url: string): boolean {
  return CUT_MARKER.test(url);
}

/** What two addresses are compared by: the bounded page, without the fragment (`#section` is no navigation). */
export function pageKey(url: string): string {
  return boundUrl(url).split('#')[0]!;
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
