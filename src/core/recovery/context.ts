/** What every transition of the recovery state machine takes and gives, and the shared timing constants. */
import { BACKGROUND_STRIDE, type BackoffPolicy, DEFAULT_BACKOFF } from '../backoff';
import { pageKey } from '../bounds';
import type { HeaderList } from '../layer';
import type { NetFailure } from '../net-errors';
import type { Incident, RecoveryState } from '../recovery-state';
import type { Settings } from '../settings';

export interface Context {
  now: number;
  settings: Settings;
  random: () => number;
  /**
   * The browser reloads a shown page that got no answer by itself (Chromium; Firefox never does):
   * our checks go between those reloads (browser-reloads.ts).
   */
  browserReloads?: boolean;
}

export type Effect =
  /** `origin` is the schedule's key (`scheduleKey`), which the check's report names again. */
  | { type: 'probe'; origin: string; url: string }
  | ReloadEffect
  | { type: 'record'; incident: Incident }
  /** `host` is null for a private tab: no notification names its site. */
  | { type: 'notify-recovered'; tabId: number; host: string | null };

/** Reload the tab, if it still shows `url` and is not loading anything else (checked right before). */
export interface ReloadEffect {
  type: 'reload';
  tabId: number;
  url: string;
  /**
   * A page whose method was never seen (read from the page) gets a new GET navigation to `url`
   * instead, which can never resend a form.
   */
  navigate?: true;
  /** A follow-up waits (briefly) until this tab, the one that confirmed the site's return, shows its page. */
  after?: number;
}

export interface Result {
  state: RecoveryState;
  effects: Effect[];
}

export interface LoadCompleted {
  tabId: number;
  url: string;
  method: string;
  /** 0 for a load that got no answer (`failure`). */
  statusCode: number;
  /** The load ended without an answer, of this kind (webRequest `onErrorOccurred`). */
  failure?: NetFailure;
  /** For a name that did not resolve: whether the tab had shown that site before (see `nameWasKnown`). */
  knownName?: boolean;
  headers?: HeaderList;
  /** `HTTP/1.1 503 Service Unavailable: Back-end server is at capacity`: some layers sign the reason phrase. */
  statusLine?: string;
  requestMs?: number | null;
  /** Whether the tab is the shown one in its window, when the glue knows. */
  visible?: boolean;
  windowId?: number;
  /** The tab is in a private (incognito) window: recovered, but nothing of it is recorded. */
  incognito?: boolean;
  /** 'page': the status was read from the page, for a load webRequest never reported (see page-report.ts). */
  source?: 'page';
  /** When the request began (webRequest's `onBeforeRequest`), when known: a load older than our reload is not its answer. */
  requestStartedAt?: number;
}

/** A check that has not reported after this long belongs to a hung request: a new one may start. */
export const CHECK_LEASE_MS = 30_000;
/** A reload of ours that has not completed after this long counts as a failed attempt. */
export const RELOAD_TIMEOUT_MS = 30_000;
/** The tab a visitor switches to is checked at once, or this long after its site's last look. */
export const ACTIVATION_MIN_GAP_MS = 3_000;
export const MAX_CHECKS_KEPT = 60;
/**
 * The site budget: at most this many requests caused by the extension in any window of this length,
 * what a permanent outage cost before (the visible schedule now sends 7 checks in its first minute).
 */
export const SITE_WINDOW_MS = 60_000;
export const SITE_WINDOW_MAX = 8;
/** How long a site's count outlives its last incident; shorter once a tab of it came back. */
export const COOL_DOWN_MS = 10 * 60_000;
export const COOL_DOWN_AFTER_RECOVERY_MS = SITE_WINDOW_MS;
/** A page that reloads itself every N s keeps our next check at least 1.5 N s after its last load. */
export const PAGE_RETRY_GRACE = 1.5;
/** Two gaps between a page's own loads within this factor of each other are its rhythm, not a one-off reload. */
export const PAGE_RHYTHM_TOLERANCE = 1.5;

/** The schedule for a site with a visible failing tab, or the sparser one when all its tabs are hidden. */
export function policyFor(settings: Settings, visible = true): BackoffPolicy {
  return {
    ...DEFAULT_BACKOFF,
    stride: visible ? DEFAULT_BACKOFF.stride : BACKGROUND_STRIDE,
    capMs: settings.maxDelaySeconds * 1000,
  };
}

/** Same page, ignoring the fragment (`#section` changes are not navigations away); stored addresses are bounded. */
export function samePage(a: string, b: string): boolean {
  return pageKey(a) === pageKey(b);
}
