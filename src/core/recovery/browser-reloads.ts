/**
 * Chromium reloads a shown page that got no answer by itself, 1 s, 5 s, 30 s, 1 min, 5 min, 10 min
 * and 30 min after each failure (`NetErrorAutoReloader`; measured at 1.2 s and 6.2 s, Chromium 156).
 * Those reloads are looks at the site and count in its budget, so our checks go where the browser
 * does not look: none in its first short gaps, then spread evenly over each longer gap, as many as the
 * minute before its next reload leaves room for (docs/DESIGN.md, "Beside Chromium's own reloads").
 */
import { type OriginSchedule, type RecoveryState, scheduleKey, type TabRecovery } from '../recovery-state';
import { type Context, policyFor, SITE_WINDOW_MAX, SITE_WINDOW_MS } from './context';
import { tabsOf } from './incident';

export const BROWSER_RELOAD_DELAYS_MS = [1000, 5000, 30_000, 60_000, 300_000, 600_000, 1_800_000] as const;
/** A gap this short gets no check: the browser looks again within it anyway. */
export const BROWSER_GAP_ALONE_MS = 5000;

/** When the browser reloads the tab next: its last load plus the delay for the reloads it made so far. */
export function browserReloadAt(tab: Pick<TabRecovery, 'lastLoadAt' | 'pageLoads'>): number {
  const n = Math.min(tab.pageLoads ?? 0, BROWSER_RELOAD_DELAYS_MS.length - 1);
  return tab.lastLoadAt + BROWSER_RELOAD_DELAYS_MS[n]!;
}

/**
 * The tab the browser reloads by itself: a shown one waiting on a site that did not answer. Not a
 * name that did not resolve (it checks on the hidden schedule) nor offline (Chromium waits until online).
 */
function reloadedByBrowser(state: RecoveryState, key: string, ctx: Context): TabRecovery | undefined {
  if (!ctx.browserReloads) return undefined;
  return tabsOf(state, key).find(
    (t) => t.visible && t.phase === 'waiting' && (t.failure === 'refused' || t.failure === 'timeout'),
  );
}

/** The schedule's own slots (without jitter) between two times: how often it would look there alone. */
function slotsBetween(o: OriginSchedule, from: number, to: number, ctx: Context): number {
  const policy = policyFor(ctx.settings);
  let at = o.startedAt;
  let count = 0;
  for (let i = 0; i < 1000 && at < to; i++) {
    at += Math.min(policy.capMs, policy.baseMs * policy.factor ** i);
    if (at > from && at < to) count++;
  }
  return count;
}

/**
 * When the site's next check goes, for a site whose shown tab the browser reloads by itself; null
 * for any other (the schedule's own slots). In a gap of the browser's of more than 5 s, `k` checks
 * split it evenly: no more than the schedule's own slots there, and no more than the minute before
 * the browser's next reload leaves room for, keeping one request for that reload or for ours after a
 * check that answers (the page back, the browser sends nothing more). In a short gap, or past the
 * last of the `k`, the first slot after the browser's next reload, in case it never comes; once that
 * reload is overdue, the schedule's own slots.
 */
export function checkAtBesideBrowser(state: RecoveryState, o: OriginSchedule, ctx: Context): number | null {
  const key = scheduleKey(o);
  const tab = reloadedByBrowser(state, key, ctx);
  if (!tab) return null;
  const from = tab.lastLoadAt;
  const reloadAt = browserReloadAt(tab);
  const policy = policyFor(ctx.settings);
  // A reload overdue never came (a minimised window, the visitor's own navigation): the schedule's own slots.
  if (ctx.now >= reloadAt) return null;
  const after = reloadAt + policy.baseMs;
  if (reloadAt - from <= BROWSER_GAP_ALONE_MS) return after;
  const spent = Object.values(state.origins)
    .filter((other) => other.origin === o.origin)
    .flatMap((other) => other.requests)
    .filter((at) => at > reloadAt - SITE_WINDOW_MS && at <= from).length;
  const k = Math.min(SITE_WINDOW_MAX - 1 - spent, slotsBetween(o, from, reloadAt, ctx));
  if (k <= 0) return after;
  const step = (reloadAt - from) / (k + 1);
  // The slot after the one a check (up to `jitter` early) has just used; jitter only brings it forward.
  const i = Math.floor((ctx.now - from) / step + policy.jitter) + 1;
  if (i > k) return after;
  return Math.max(ctx.now, Math.round(from + step * (i - policy.jitter * ctx.random())));
}
