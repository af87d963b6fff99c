/**
 * An outage of a provider rather than of one site: unrelated sites failing through the same CDN,
 * platform or cloud gateway within a few minutes of each other.
 */
import { type LayerId, layerProduct, providerOf } from './layer';

/** Failures this close together count as one event. */
export const PROVIDER_OUTAGE_WINDOW_MS = 5 * 60_000;
/**
 * Sites, this one included. Two is enough: two unrelated sites failing at the same provider within
 * minutes is rare unless the provider fails, and the second site is when a visitor starts to wonder.
 */
export const PROVIDER_OUTAGE_MIN_SITES = 2;

export interface FailureSeen {
  host: string;
  /** The layers recognised, outermost first (older records: just their one layer). */
  chain: readonly LayerId[];
  at: number;
}

export interface ProviderOutage {
  provider: LayerId;
  /** The other sites that failed through it, one host per site. */
  hosts: string[];
  /** The provider's public status page, from the fixed list in `layer-products.ts`. */
  statusPage: string | null;
}

// Second-level labels under which country domains hand out names (example.co.uk, example.co.jp).
const SECOND_LEVEL = new Set([
  'co',
  'com',
  'net',
  'org',
  'ac',
  'or',
  'ne',
  'go',
  'gov',
  'edu',
  'gr',
  'lg',
  'ed',
  'ad',
]);

/**
 * The site a host belongs to, so `www.example.com` and `shop.example.com` are one site. A heuristic
 * without the public suffix list: it can only join hosts of one domain, never split one site in two.
 */
export function siteOf(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(name) || name.includes(':')) return name;
  const labels = name.split('.');
  const keep = labels.length >= 3 && labels.at(-1)!.length === 2 && SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The provider-wide outage the current failure is likely part of, or null. */
export function findProviderOutage(
  current: FailureSeen,
  others: readonly FailureSeen[],
): ProviderOutage | null {
  const provider = providerOf(current.chain);
  if (!provider) return null;
  const site = siteOf(current.host);
  const hosts = new Map<string, string>();
  for (const other of others) {
    const otherSite = siteOf(other.host);
    if (otherSite === site || hosts.has(otherSite)) continue;
    if (Math.abs(other.at - current.at) > PROVIDER_OUTAGE_WINDOW_MS) continue;
    if (providerOf(other.chain) !== provider) continue;
    hosts.set(otherSite, other.host);
  }
  if (hosts.size + 1 < PROVIDER_OUTAGE_MIN_SITES) return null;
  return { provider, hosts: [...hosts.values()], statusPage: layerProduct(provider)?.statusPage ?? null };
}
