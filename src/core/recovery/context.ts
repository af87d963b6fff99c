/** What every transition of the recovery state machine takes and gives, and the shared timing constants. */
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../backoff';
import type { HeaderList } from '../layer';
import type { Incident, RecoveryState } from '../recovery-state';
import type { Settings } from '../settings';

export interface Context {
  now: number;
  settings: Settings;
  random: () => number;
}

export type Effect =
  | { type: 'probe'; origin: string; url: string }
  /** With `url`, the tab is sent to that address by a new GET navigation instead of reloaded. */
  | { type: 'reload'; tabId: number; url?: string }
  | { type: 'record'; incident: Incident }
  | { type: 'notify-recovered'; tabId: number; host: string };

export interface Result {
  state: RecoveryState;
  effects: Effect[];
}

export interface LoadCompleted {
  tabId: number;
  url: string;
  method: string;
  statusCode: number;
  headers?: HeaderList;
  requestMs?: number | null;
  /** 'page': the status was read from the page, for a load webRequest never reported (see page-report.ts). */
  source?: 'page';
}

/** A check that has not reported after this long belongs to a hung request: a new one may start. */
export const CHECK_LEASE_MS = 30_000;
/** A reload of ours that has not completed after this long is treated as failed. */
export const RELOAD_TIMEOUT_MS = 30_000;
/** The tab a visitor switches to is checked at once, unless its site was checked this recently. */
export const ACTIVATION_MIN_GAP_MS = 3_000;
export const MAX_CHECKS_KEPT = 60;

export function policyFor(settings: Settings): BackoffPolicy {
  return { ...DEFAULT_BACKOFF, capMs: settings.maxDelaySeconds * 1000 };
}

/** Same page, ignoring the fragment: `#section` changes are not navigations away. */
export function samePage(a: string, b: string): boolean {
  return a.split('#')[0] === b.split('#')[0];
}
