import { boundIncident } from './bounds';
import type { CheckResult, Incident } from './recovery-state';

function isCheck(value: unknown): value is CheckResult {
  const c = value as CheckResult;
  return !!c && typeof c.at === 'number' && typeof c.ok === 'boolean';
}

/**
 * The incidents of a stored history that have what the options page shows; anything else
 * (an older format, a hand edit) is skipped instead of breaking the page. What an older version
 * stored is bounded on the way in: no password of a `user:pass@` address is shown or exported.
 */
export function readIncidents(raw: unknown): Incident[] {
  if (!Array.isArray(raw)) return [];
  const valid = raw.filter((value): value is Incident => {
    const i = value as Incident;
    return (
      !!i &&
      typeof i.id === 'string' &&
      typeof i.host === 'string' &&
      typeof i.code === 'number' &&
      Number.isFinite(i.startedAt) &&
      Number.isFinite(i.endedAt) &&
      Array.isArray(i.checks) &&
      i.checks.every(isCheck)
    );
  });
  return valid.map(boundIncident);
}
