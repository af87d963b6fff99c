/** What the evidence of a failed load tells the people who run the site, and a report to send them. */
import { withoutCredentials } from './bounds';
import type { Clue } from './layer';
import { layerNames } from './layer-confidence';
import { failureOf } from './net-errors';
import type { SiteChecks, TabRecovery } from './recovery-state';

/**
 * How long the failed request took says where it broke: nginx's `proxy_read_timeout` and most CDNs
 * give up on a silent upstream after about 60 s, while a refused or dead upstream fails at once.
 */
export type TimingHint = 'proxy-timeout' | 'instant' | 'slow' | 'unknown';

export const PROXY_TIMEOUT_MS = 55_000;
export const INSTANT_MS = 1_000;

export function timingHint(requestMs: number | null): TimingHint {
  if (requestMs === null || !Number.isFinite(requestMs) || requestMs < 0) return 'unknown';
  if (requestMs >= PROXY_TIMEOUT_MS) return 'proxy-timeout';
  if (requestMs < INSTANT_MS) return 'instant';
  return 'slow';
}

/** Seconds for durations shown to operators: two decimals under 10 s, so a fast failure does not read 0.0. */
export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
}

/** The report's words, from `_locales`; values stay as they are so the site's owner can read them anyway. */
export interface ReportLabels {
  title: string;
  url: string;
  status: string;
  /** What the site answers the page with now, once that is another error. */
  answered: string;
  layer: string;
  chain: string;
  evidence: string;
  duration: string;
  retryAfter: string;
  checks: string;
  lastCheck: string;
  firstSeen: string;
  headers: string;
  none: string;
  networkError: string;
  seconds(value: string): string;
  /** "probably <name>", for a layer its evidence does not prove. */
  probably(name: string): string;
  timing: Record<TimingHint, string>;
}

export type ReportTab = Pick<
  TabRecovery,
  | 'url'
  | 'code'
  | 'failure'
  | 'method'
  | 'requestMs'
  | 'retryAfterSeconds'
  | 'headers'
  | 'startedAt'
  | 'layer'
  | 'confidence'
  | 'probable'
  | 'chain'
  | 'clues'
  | 'answeredWith'
>;

/** The clues for the layers, one line each: `Squid — x-squid-error: ERR_READ_ERROR 0`. */
export function clueLines(clues: readonly Clue[] | undefined, nameOf: (layer: string) => string): string[] {
  return (clues ?? []).map(([layer, clue]) => `${nameOf(layer)} — ${clue}`);
}

/**
 * What a visitor sends whoever runs their network when its proxy wrote the error: the address, the
 * code, and the proxy's own words. Values are not translated: the admin reads them as they came.
 */
export function proxyReport(
  tab: Pick<TabRecovery, 'url' | 'code' | 'clues'>,
  proxyName: string,
  nameOf: (layer: string) => string,
): string {
  return [
    `${tab.code} ${withoutCredentials(tab.url)}`,
    `${proxyName}:`,
    ...clueLines(tab.clues, nameOf).map((l) => `  ${l}`),
  ].join('\n');
}

/**
 * A short plain-text report: URL, code, the layers (an unproven name says "probably") and the evidence
 * for them, timings, checks, response headers (already without cookies).
 */
export function operatorReport(
  tab: ReportTab,
  checks: SiteChecks | null,
  layerName: (layer: string) => string,
  labels: ReportLabels,
): string {
  const hint = timingHint(tab.requestMs);
  const duration =
    tab.requestMs === null
      ? labels.none
      : `${labels.seconds(formatSeconds(tab.requestMs))} (${labels.timing[hint]})`;
  const names = layerNames(tab, layerName, labels.probably);
  const last = checks?.lastCheck;
  const lastText = last
    ? `${last.status ?? labels.networkError} @ ${new Date(last.at).toISOString()}`
    : labels.none;
  const lines = [
    labels.title,
    `${labels.url}: ${withoutCredentials(tab.url)}`,
    // A load that got no answer has no status: its kind, as the history's export names it.
    `${labels.status}: ${failureOf(tab) ? `${labels.networkError} (${failureOf(tab)})` : tab.code} (${tab.method})`,
    ...(tab.answeredWith === undefined ? [] : [`${labels.answered}: ${tab.answeredWith}`]),
    `${labels.layer}: ${names.answeredBy}`,
    `${labels.chain}: ${tab.chain?.length ? tab.chain.map(names.of).join(' → ') : labels.none}`,
    `${labels.evidence}:`,
    ...(tab.clues?.length ? clueLines(tab.clues, names.of).map((l) => `  ${l}`) : [`  ${labels.none}`]),
    `${labels.duration}: ${duration}`,
    `${labels.retryAfter}: ${tab.retryAfterSeconds === null ? labels.none : labels.seconds(String(tab.retryAfterSeconds))}`,
    `${labels.checks}: ${checks?.attempts ?? 0}`,
    `${labels.lastCheck}: ${lastText}`,
    `${labels.firstSeen}: ${new Date(tab.startedAt).toISOString()}`,
    `${labels.headers}:`,
    ...(tab.headers.length
      ? tab.headers.map(([name, value]) => `  ${name}: ${value}`)
      : [`  ${labels.none}`]),
  ];
  return `${lines.join('\n')}\n`;
}
