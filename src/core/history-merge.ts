import type { Incident } from './recovery-state';
import { parseWebUrl } from './web-url';

/**
 * How soon after a tab left a failing page a failing load of the same site in that tab continues
 * the same outage: a page that retries at a new address (`?retry=N`) every few seconds, or the
 * visitor trying another page of the site, would otherwise leave an entry per try.
 */
export const CONTINUES_WITHIN_MS = 5000;
/** How far back among the newest entries to look: other tabs' incidents may have ended meanwhile. */
const LOOK_BACK = 10;

/** The tab an incident belongs to: its id ends with `-<tab id>`. */
export const tabOf = (i: Incident) => i.id.slice(i.id.lastIndexOf('-') + 1);

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

/** Same scheme, host, port and path: the same page, whatever its query (`?retry=N`) or fragment. */
function samePath(a: string, b: string): boolean {
  const x = parseWebUrl(a);
  const y = parseWebUrl(b);
  return x !== null && y !== null && x.origin === y.origin && x.pathname === y.pathname;
}

/**
 * The history (newest first) after a healthy load of `url` in tab `tabId` at `at`: an entry of that
 * tab that ended by leaving the same page just before (a page retrying at a new address, whose last
 * retry got through) ends as recovered instead. The visitor going to another page of the site is not
 * the page coming back: only the same path counts. The same array when nothing changes.
 */
export function withPageBack(items: Incident[], tabId: number, url: string, at: number): Incident[] {
  const index = items
    .slice(0, LOOK_BACK)
    .findIndex(
      (i) =>
        i.outcome === 'navigated' &&
        tabOf(i) === String(tabId) &&
        at >= i.endedAt &&
        at - i.endedAt <= CONTINUES_WITHIN_MS &&
        samePath(i.url, url),
    );
  if (index < 0) return items;
  const back: Incident = { ...items[index]!, outcome: 'recovered', endedAt: at };
  return [...items.slice(0, index), back, ...items.slice(index + 1)];
}
