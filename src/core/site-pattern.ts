/** Site patterns as a visitor types them: `example.com` or `*.example.com` (the domain and its subdomains). */

export type PatternError = 'empty' | 'has-scheme' | 'has-path' | 'bad-wildcard' | 'bad-host';
export type PatternCheck = { ok: true; pattern: string } | { ok: false; error: PatternError };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isHost(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = IPV4.exec(host);
  if (ip) return ip.slice(1).every((part) => Number(part) <= 255);
  if (host.length > 253) return false;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/**
 * Browsers report hostnames in ASCII (punycode), so a name typed in Unicode (`例え.jp`, `bücher.de`)
 * is converted the way the URL parser does it. Null when it is no hostname.
 */
function asciiHost(host: string): string | null {
  if (/^[\x21-\x7e]*$/.test(host)) return host;
  if (/\s/.test(host)) return null;
  try {
    const url = new URL(`http://${host}/`);
    const hostOnly = url.pathname === '/' && !url.port && !url.search && !url.hash && !url.username;
    return hostOnly ? url.hostname : null;
  } catch {
    return null;
  }
}

export function validateSitePattern(input: string): PatternCheck {
  // NFKC turns full-width letters and signs from a Japanese keyboard (ｅｘａｍｐｌｅ．ｃｏｍ) into ASCII.
  const text = input.normalize('NFKC').trim().toLowerCase().replace(/\.$/, '');
  if (!text) return { ok: false, error: 'empty' };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) return { ok: false, error: 'has-scheme' };
  if (/[/?#:]/.test(text)) return { ok: false, error: 'has-path' };
  const wildcard = text.startsWith('*.');
  const host = wildcard ? text.slice(2) : text;
  if (host.includes('*')) return { ok: false, error: 'bad-wildcard' };
  const ascii = asciiHost(host);
  if (ascii === null || !isHost(ascii)) return { ok: false, error: 'bad-host' };
  return { ok: true, pattern: wildcard ? `*.${ascii}` : ascii };
}

/** `example.com` matches only that host; `*.example.com` matches it and every subdomain. */
export function matchesSite(pattern: string, hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (!pattern.startsWith('*.')) return host === pattern;
  const base = pattern.slice(2);
  return host === base || host.endsWith(`.${base}`);
}

export function matchesAnySite(patterns: readonly string[], hostname: string): boolean {
  return patterns.some((p) => matchesSite(p, hostname));
}
