import type { Incident } from './recovery-state';

/**
 * How soon after a tab left a failing page a failing load of the same site in that tab continues
 * the same outage: a page that retries at a new address (`?retry=N`) every few seconds, or the
 * visitor trying another page of the site, would otherwise leave an entry per try.
 */
export const CONTINUES_WITHIN_MS = 5000;
/** How far back among the newest entries to look: other tabs' incidents may have ended meanwhile. */
const LOOK_BACK = 10;

const tabOf = (i: Incident) => i.id.slice(i.id.lastIndexOf('-') + 1);

/**
 * The history (newest first) with `incident` added: folded into the entry of the same tab and site
 * that ended by leaving its page just before this one started, else in front.
 */
export function withIncident(items: Incident[], incident: Incident): Incident[] {
  const at = items
    .slice(0, LOOK_BACK)
    .findIndex(
      (i) =>
        i.outcome === 'navigated' &&
        i.host === incident.host &&
        tabOf(i) === tabOf(incident) &&
        incident.startedAt >= i.endedAt &&
        incident.startedAt - i.endedAt <= CONTINUES_WITHIN_MS,
    );
  if (at < 0) return [incident, ...items];
  const earlier = items[at]!;
  const checks = [...earlier.checks, ...incident.checks];
  const merged: Incident = { ...incident, id: earlier.id, startedAt: earlier.startedAt, checks };
  return [merged, ...items.slice(0, at), ...items.slice(at + 1)];
}
