import { NET_FAILURES, type NetFailure } from './net-errors';
import { validateSitePattern } from './site-pattern';

/** Codes the options page lists. 500 is listed but off: it is usually a deterministic application error. */
export const LISTED_CODES = [502, 503, 504, 520, 521, 522, 523, 524, 500] as const;

export const SETTINGS_VERSION = 1;

export interface Settings {
  version: number;
  enabled: boolean;
  /** Status codes that start a recovery. */
  codes: number[];
  /** Kinds of loads that got no answer at all that start a recovery (absent before: all). */
  failures: NetFailure[];
  /** Checks of a site before giving up. */
  maxAttempts: number;
  /** The longest wait between two checks, in seconds (the backoff cap). */
  maxDelaySeconds: number;
  notifyOnRecovery: boolean;
  /** The popup may read the status page of a provider that fails for several sites (one request, no cookies). */
  providerStatus: boolean;
  /** Site patterns (`example.com`, `*.example.com`) never retried. */
  excludedSites: string[];
  /** Site patterns whose popup opens the operator section. */
  operatedSites: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  enabled: true,
  codes: [502, 503, 504, 520, 521, 522, 523, 524],
  failures: [...NET_FAILURES],
  maxAttempts: 20,
  maxDelaySeconds: 120,
  notifyOnRecovery: true,
  providerStatus: true,
  excludedSites: [],
  operatedSites: [],
});

export const LIMITS = {
  maxAttempts: { min: 1, max: 100 },
  maxDelaySeconds: { min: 1, max: 3600 },
  sites: 500,
} as const;

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  // A blank string is a missing value, not zero.
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function sites(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const valid = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const checked = validateSitePattern(item);
    if (checked.ok) valid.add(checked.pattern);
    if (valid.size >= LIMITS.sites) break;
  }
  return [...valid];
}

function codes(value: unknown): number[] {
  if (!Array.isArray(value)) return [...DEFAULT_SETTINGS.codes];
  const valid = value.filter(
    (c): c is number => typeof c === 'number' && Number.isInteger(c) && c >= 400 && c <= 599,
  );
  return [...new Set(valid)].sort((a, b) => a - b);
}

function failures(value: unknown): NetFailure[] {
  if (!Array.isArray(value)) return [...DEFAULT_SETTINGS.failures];
  // In the listed order, whatever order was stored: one setting, one value.
  return NET_FAILURES.filter((kind) => value.includes(kind));
}

/**
 * Turns whatever is in storage (older versions, hand edits, garbage) into valid settings for this
 * version's own use. Unknown keys are left out here, never in storage: see `settingsToStore`.
 */
export function repairSettings(raw: unknown): Settings {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    version: SETTINGS_VERSION,
    enabled: bool(r.enabled, DEFAULT_SETTINGS.enabled),
    codes: codes(r.codes),
    failures: failures(r.failures),
    maxAttempts: clampInt(
      r.maxAttempts,
      DEFAULT_SETTINGS.maxAttempts,
      LIMITS.maxAttempts.min,
      LIMITS.maxAttempts.max,
    ),
    maxDelaySeconds: clampInt(
      r.maxDelaySeconds,
      DEFAULT_SETTINGS.maxDelaySeconds,
      LIMITS.maxDelaySeconds.min,
      LIMITS.maxDelaySeconds.max,
    ),
    notifyOnRecovery: bool(r.notifyOnRecovery, DEFAULT_SETTINGS.notifyOnRecovery),
    providerStatus: bool(r.providerStatus, DEFAULT_SETTINGS.providerStatus),
    excludedSites: sites(r.excludedSites),
    operatedSites: sites(r.operatedSites),
  };
}

type Stored = Record<string, unknown>;

/**
 * What a save writes to storage.sync: the stored value with only the settings the visitor changed
 * (`next` against `previous`) replaced. Keys this version does not know survive, and settings a
 * newer version wrote (its `version` included) are never cut down here and synced to every device.
 */
export function settingsToStore(stored: unknown, previous: Settings, next: Settings): Stored {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return { ...next };
  const merged: Stored = { ...(stored as Stored) };
  for (const key of Object.keys(next) as (keyof Settings)[]) {
    if (key === 'version') continue;
    if (JSON.stringify(next[key]) !== JSON.stringify(previous[key])) merged[key] = next[key];
  }
  const version = merged.version;
  merged.version =
    typeof version === 'number' && Number.isFinite(version) && version > SETTINGS_VERSION
      ? version
      : SETTINGS_VERSION;
  return merged;
}
