/**
 * What a provider says about itself. Providers on Atlassian Statuspage publish their overall state at
 * `/api/v2/status.json` and their open incidents at `/api/v2/incidents/unresolved.json`; the popup
 * reads them while it shows that provider failing for several sites (see docs/DESIGN.md, "What the
 * provider says", for how this list was checked). Others keep only the link to their status page.
 */
import type { LayerId } from './layer';

/** Statuspage hosts, checked 2026-12-07. Fastly, Heroku and Railway publish other formats. */
const STATUSPAGE_HOSTS: Partial<Record<LayerId, string>> = {
  cloudflare: 'https://www.cloudflarestatus.com',
  akamai: 'https://www.akamaistatus.com',
  vercel: 'https://www.vercel-status.com',
  netlify: 'https://www.netlifystatus.com',
  fly: 'https://status.flyio.net',
  render: 'https://status.render.com',
  github: 'https://www.githubstatus.com',
};

/** At most one look per provider in this time, however often or by however many popups. */
export const PROVIDER_STATUS_TTL_MS = 5 * 60_000;
/** A status page slower than this says nothing: the popup is open now. */
export const PROVIDER_STATUS_TIMEOUT_MS = 5000;

export type StatusIndicator = 'none' | 'minor' | 'major' | 'critical';

export interface ProviderStatus {
  indicator: StatusIndicator;
  /** When the earliest open incident began, if the provider reports one. */
  since: number | null;
}

/** A look at a provider's status: its answer, or null while under way or when it failed. */
export interface StatusLook {
  at: number;
  status: ProviderStatus | null;
}

export function statusApiOf(provider: LayerId): { status: string; incidents: string } | null {
  const host = STATUSPAGE_HOSTS[provider];
  return host
    ? { status: `${host}/api/v2/status.json`, incidents: `${host}/api/v2/incidents/unresolved.json` }
    : null;
}

const INDICATORS: readonly string[] = ['none', 'minor', 'major', 'critical'];

/** `status.indicator` of a status.json; null for anything else (another format, maintenance, garbage). */
export function parseIndicator(json: unknown): StatusIndicator | null {
  const indicator = (json as { status?: { indicator?: unknown } } | null)?.status?.indicator;
  return typeof indicator === 'string' && INDICATORS.includes(indicator)
    ? (indicator as StatusIndicator)
    : null;
}

/** When the earliest unresolved incident began (`started_at`, else `created_at`); null if none. */
export function parseSince(json: unknown): number | null {
  const incidents = (json as { incidents?: unknown } | null)?.incidents;
  if (!Array.isArray(incidents)) return null;
  const times = incidents
    .map((i: { started_at?: unknown; created_at?: unknown }) =>
      Date.parse(String(i?.started_at ?? i?.created_at)),
    )
    .filter(Number.isFinite);
  return times.length > 0 ? Math.min(...times) : null;
}

/** Whether a look still stands: younger than the TTL, and not from the future (a clock set back). */
export function isFresh(look: StatusLook | undefined, now: number): look is StatusLook {
  return !!look && look.at <= now && now - look.at < PROVIDER_STATUS_TTL_MS;
}
