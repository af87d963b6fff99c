import { isProbable } from './layer-confidence';
import { failureOf } from './net-errors';
import type { Incident } from './recovery-state';

/** The history as a file a visitor can keep or send: the stored incidents as they are, so it reads back. */
export function historyToJson(incidents: readonly Incident[]): string {
  return `${JSON.stringify(incidents, null, 2)}\n`;
}

export const CSV_COLUMNS = [
  'started',
  'ended',
  'duration_seconds',
  'host',
  'url',
  'code',
  /** refused, timeout, dns or offline when the load got no answer (code 0); empty otherwise. */
  'failure',
  'method',
  'layer',
  'layer_confidence',
  'attempts',
  'outcome',
  'answered_with',
  'checks',
  'checks_failed',
] as const;

/** RFC 4180 quoting, and a leading `'` on text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`). */
function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** One row per incident, times in UTC (ISO 8601), CRLF line ends as spreadsheets expect. */
export function historyToCsv(incidents: readonly Incident[]): string {
  const rows = incidents.map((i) =>
    [
      isoTime(i.startedAt),
      isoTime(i.endedAt),
      Math.max(0, Math.round((i.endedAt - i.startedAt) / 1000)),
      i.host,
      i.url,
      i.code,
      failureOf(i) ?? '',
      i.method,
      i.layer,
      isProbable(i) ? 'probable' : 'sure',
      i.attempts,
      i.outcome,
      i.answeredWith ?? '',
      i.checks.length,
      i.checks.filter((c) => !c.ok).length,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** `gateway-rescue-history-2025-03-14.csv`, dated in the visitor's own time zone. */
export function exportFileName(kind: 'json' | 'csv', now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `gateway-rescue-history-${day}.${kind}`;
}
