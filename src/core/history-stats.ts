import type { CheckResult, Incident } from './recovery-state';

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface SiteWeeks {
  host: string;
  /** Incidents per week, oldest first; the last entry is the 7 days ending now. */
  counts: number[];
  total: number;
}

/**
 * How often each site failed in the last `weeks` weeks (rolling 7-day windows ending at `now`),
 * sites with the most incidents first. A start slightly in the future (a clock that moved back)
 * counts as this week; older incidents are left out.
 */
export function weeklyFailures(incidents: readonly Incident[], now: number, weeks = 8): SiteWeeks[] {
  const bySite = new Map<string, number[]>();
  for (const incident of incidents) {
    const age = Math.max(0, Math.floor((now - incident.startedAt) / WEEK_MS));
    if (!Number.isFinite(age) || age >= weeks) continue;
    let counts = bySite.get(incident.host);
    if (!counts) {
      counts = new Array<number>(weeks).fill(0);
      bySite.set(incident.host, counts);
    }
    counts[weeks - 1 - age]! += 1;
  }
  return [...bySite]
    .map(([host, counts]) => ({ host, counts, total: counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.host.localeCompare(b.host));
}

export interface TimelineMark {
  /** Position on the incident's time line, 0 at its start and 1 at its end (or last check). */
  position: number;
  secondsFromStart: number;
  ok: boolean;
  status: number | null;
}

/** The checks of an incident placed by time since it started, for a small picture of the backoff. */
export function timelineMarks(incident: Pick<Incident, 'startedAt' | 'endedAt' | 'checks'>): {
  spanSeconds: number;
  marks: TimelineMark[];
} {
  const checks: readonly CheckResult[] = incident.checks;
  const lastAt = checks.reduce((max, c) => Math.max(max, c.at), incident.endedAt);
  const spanMs = Math.max(1, lastAt - incident.startedAt);
  const marks = checks.map((c) => {
    const sinceStart = Math.max(0, c.at - incident.startedAt);
    return {
      position: Math.min(1, sinceStart / spanMs),
      secondsFromStart: Math.round(sinceStart / 1000),
      ok: c.ok,
      status: c.status,
    };
  });
  return { spanSeconds: Math.round(spanMs / 1000), marks };
}

/** Distinct sites of the history, alphabetically, for the filter. */
export function historySites(incidents: readonly Incident[]): string[] {
  return [...new Set(incidents.map((i) => i.host))].sort((a, b) => a.localeCompare(b));
}
