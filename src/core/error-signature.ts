/**
 * What an error looks like, apart from the site it came from: its status, the `server` and `via`
 * headers that came with it and a fingerprint of its page. A proxy on the visitor's side that names no
 * product writes the same error for every site, so the same signature from unrelated sites is its mark.
 */
import { type LayerId, providerOf } from './layer';

/** FNV-1a, 32 bits: short, stable, and enough to tell error pages apart (nothing secret depends on it). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * The fingerprint of the start of an error page, without what names the request: addresses, the
 * site's host, HTTP dates, numbers (request ids, ports) and spacing. Squid writes the failing URL and the
 * time into its page; two sites' pages from one proxy still print the same. Null for an empty body.
 */
export function bodyPrint(body: string, host: string): string | null {
  let text = body.toLowerCase();
  if (host) text = text.split(host.toLowerCase()).join('');
  text = text
    .replace(/[a-z][a-z\d+.-]*:\/\/[^\s"'<>]*/g, '')
    .replace(/\b(mon|tue|wed|thu|fri|sat|sun), \d+ [a-z]+ \d+ [\d:]+( gmt)?/g, '')
    .replace(/\d+/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? hash(text) : null;
}

export interface SignedError {
  code: number;
  headers: readonly (readonly [string, string])[];
  chain?: readonly LayerId[];
  bodyPrint?: string;
}

/**
 * `<code> <headers>[ <body>]`, or null when the error cannot be a generic proxy's on the visitor's
 * side: a provider (CDN, platform, cloud gateway) in its chain means the request got past the
 * visitor's network, and an error with neither `server`, `via` nor a page has nothing to compare.
 */
export function errorSignature({ code, headers, chain = [], bodyPrint: body }: SignedError): string | null {
  if (providerOf(chain)) return null;
  const value = (name: string) =>
    headers
      .filter(([key]) => key.toLowerCase() === name)
      .map(([, v]) => v.trim().toLowerCase())
      .join(',');
  const server = value('server');
  const via = value('via');
  if (!server && !via && !body) return null;
  return [String(code), hash(`${server}\n${via}`), ...(body ? [body] : [])].join(' ');
}
