import type { Clue, Confidence, LayerId } from './layer';
import type { NetFailure } from './net-errors';

/**
 * The states of a failing tab (see docs/DESIGN.md):
 * - `waiting`: the site is checked on its origin's schedule; the tab is reloaded when it answers.
 * - `reloading`: the site answered a check; the tab was reloaded and its load is awaited.
 * - `gave-up`: attempts used up; nothing runs until the visitor asks again.
 * - `stopped`: the visitor pressed stop.
 * - `not-retried`: seen but never retried, `reason` says why (a POST, an excluded site, turned off, a
 *   name that never resolved in this tab: a typo until the visitor asks).
 * - `answered-other`: the page loaded again with another error (500, 429, 403, a code no longer in the
 *   settings): the site answers, so retrying stopped, but the page is not back; `answeredWith` says what.
 */
export type TabPhase = 'waiting' | 'reloading' | 'gave-up' | 'stopped' | 'not-retried' | 'answered-other';
export type NotRetriedReason = 'post' | 'excluded' | 'disabled' | 'unknown-name';

export interface CheckResult {
  at: number;
  ok: boolean;
  /** HTTP status of the check, or null when it failed at the network level. */
  status: number | null;
  /**
   * Who looked: the extension's own check (absent), a reload of the tab by the extension (`tab`),
   * or a load the page or the visitor started (`page`), which costs the extension nothing.
   */
  by?: 'tab' | 'page';
}

export interface TabRecovery {
  tabId: number;
  url: string;
  origin: string;
  host: string;
  /** The status of the failed load; 0 when it got no answer at all (`failure` says why). */
  code: number;
  /** The load got no answer: the kind of network failure (absent for an HTTP error, and in older records). */
  failure?: NetFailure;
  method: string;
  /** The layer whose error page this is (see `recogniseLayers`). */
  layer: LayerId;
  /** Every layer recognised, outermost first; missing in records of older versions. */
  chain?: LayerId[];
  /**
   * How sure `layer` is, and which layers of `chain` are named only on wording others share (see
   * `recogniseLayers`). Absent in states stored before them: read as sure, as they were shown; the
   * next failing check reads the layers again.
   */
  confidence?: Confidence;
  probable?: LayerId[];
  /** The evidence for `chain`: from the load's headers, then the latest failing check's headers and body. */
  clues?: Clue[];
  /** Response headers of the failed load, without cookies or auth. */
  headers: [string, string][];
  /** The fingerprint of the latest failing check's page (`bodyPrint`): the same proxy prints the same for every site. */
  bodyPrint?: string;
  /** Seconds the server asked for in `Retry-After`, after the clamping rule; null when absent or invalid. */
  retryAfterSeconds: number | null;
  /** How long the failed request took, in ms, when known. */
  requestMs: number | null;
  startedAt: number;
  phase: TabPhase;
  reason?: NotRetriedReason;
  /** The status the page now gets from the site, in `answered-other`. */
  answeredWith?: number;
  /** When the tab was last reloaded by us (a reload that never completes counts as a failed attempt). */
  reloadedAt: number | null;
  /**
   * Why we reloaded it: `confirm`, the first tab after the site answered a check (its load confirms
   * the check); `follow`, the others once one came back; `check`, the reload is itself the check
   * (after the site answered our check but not the tab).
   */
  reloadKind?: 'confirm' | 'follow' | 'check';
  /** Whether the tab is the one shown in its window (its site gets the quicker schedule). */
  visible: boolean;
  windowId: number;
  /** The last load of this page in the tab, ours or not, and the gap before it when the page reloads by itself. */
  lastLoadAt: number;
  pageIntervalMs: number | null;
  /** Failed loads of the page in this incident that we did not cause (Chromium's own reloads among them). */
  pageLoads?: number;
  /** Whether this incident is already in the history (entered a final phase). */
  recorded: boolean;
  /**
   * 'page': the failed load was read from the page (a service worker answered it, or it happened
   * before the extension started): its method is unknown, so the engine returns to it by a new GET
   * navigation, never a reload that could resend a form.
   */
  source?: 'page';
  /** Fixes the visitor tried from the popup for this incident. */
  triedFixes: string[];
  /** The site's checks when this tab entered a final phase: still shown once the schedule is gone. */
  endedWith?: SiteChecks;
  /** A tab of a private window: never recorded in the history, gone from the state with its tab. */
  private?: true;
}

/** How many times a site was checked, of how many allowed (absent in older records), and the last answer. */
export type SiteChecks = Pick<OriginSchedule, 'attempts' | 'lastCheck'> &
  Partial<Pick<OriginSchedule, 'checkBy' | 'allowance'>>;

/**
 * One schedule per failing origin, shared by all its tabs: one check in flight however many tabs fail.
 * It is also the site's budget: it outlives the incidents for a cool-down (`forgetAt`), so a tab that
 * fails again, a redirect to a new failing URL or tabs coming and going never reset the count.
 */
export interface OriginSchedule {
  origin: string;
  /** The URL checked: the first failing tab's URL. */
  probeUrl: string;
  /** Attempts used: our checks, plus our reloads that failed or never completed. */
  attempts: number;
  /**
   * The slot of the schedule (core/backoff.ts) the site's next planned check belongs to: a visible
   * site moves one slot per failed look, a hidden one two. Absent in states stored before it: the count.
   */
  slot?: number;
  /** Attempts allowed before giving up: the settings' limit, raised only when the visitor asks again. */
  allowance: number;
  /**
   * The settings' limit the allowance was counted from: a change of the limit moves the allowance by
   * as much (absent in states stored before it: taken as the allowance).
   */
  limit?: number;
  /** When the extension sent each request to this site in the last minute (checks and reloads it spent). */
  requests: number[];
  /** How the site is checked: our own request, or, once it answered us but not the tab, a reload of the tab. */
  checkBy: 'fetch' | 'tab';
  /** Set while no tab is waiting: when this schedule, and the count it holds, is forgotten. */
  forgetAt: number | null;
  /**
   * The schedule of a site's private tabs, kept apart from the normal one (`scheduleKey`): it cools
   * down like any other while one of the private `windows` its tabs were in is open, and goes with them.
   */
  private?: true;
  windows?: number[];
  nextCheckAt: number;
  /** The earliest time the server's `Retry-After` allows; automatic checks never come sooner. */
  notBefore: number;
  /** Set while a check is in flight. */
  checkingSince: number | null;
  /** The worker run that started the check: a check started by a worker that has since died is void. */
  checkingBy: string | null;
  lastCheck: CheckResult | null;
  /** The checks so far, for the history's time line (capped). */
  checks: CheckResult[];
  startedAt: number;
  /** The site's last `Date` (plus `Age`) and the local time it was read: tells a sleep from a clock set forward. */
  serverDate?: { at: number; date: number };
}

/**
 * The key of the schedule a tab or schedule belongs to: its origin, kept apart for a private window,
 * so a private tab's site never shares a count, a check or an address with a normal window's.
 */
export function scheduleKey(x: { origin: string; private?: true }): string {
  return x.private ? `private ${x.origin}` : x.origin;
}

export interface RecoveryState {
  tabs: Record<string, TabRecovery>;
  origins: Record<string, OriginSchedule>;
  /** Wall-clock time of the last transition: a clock set back is noticed even by a new worker run. */
  clock?: number;
  /**
   * Until when no site is looked at: set after an update of the extension when a private window's
   * site had requests in the minute before it (which site is never stored, see budget-carry.ts).
   */
  quiet?: number;
  /**
   * A forward step of the wall clock against the monotonic one (`by` ms, noticed at `at`), taken as
   * elapsed time (a sleep) until a site's `Date` says whether the clock was set forward instead.
   */
  step?: ClockStep;
}

export interface ClockStep {
  by: number;
  at: number;
}

export const EMPTY_STATE: Readonly<RecoveryState> = Object.freeze({ tabs: {}, origins: {} });

export type IncidentOutcome =
  | 'recovered'
  | 'answered-other'
  | 'gave-up'
  | 'stopped'
  | 'navigated'
  | 'closed'
  | 'not-retried';

/** A finished incident, as kept in the history. */
export interface Incident {
  id: string;
  host: string;
  url: string;
  /** 0 when the load got no answer: `failure` says why. */
  code: number;
  failure?: NetFailure;
  method: string;
  layer: LayerId;
  /** Set when `layer` was not proven (shown "probably"); absent when sure, and in records made before it. */
  confidence?: 'probable';
  /** The layers recognised, outermost first (absent in older records): finds outages across sites. */
  chain?: LayerId[];
  /** `errorSignature` of the failure, when it has one: finds a proxy on the visitor's side across sites. */
  signature?: string;
  startedAt: number;
  endedAt: number;
  attempts: number;
  outcome: IncidentOutcome;
  /** With `answered-other`: the error the site answered the page with instead (absent otherwise). */
  answeredWith?: number;
  checks: CheckResult[];
}
