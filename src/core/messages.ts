import type { ProviderOutage } from './provider-outage';
import type { Incident, OriginSchedule, TabRecovery } from './recovery-state';
import type { Settings } from './settings';
import type { VisitorNetwork } from './visitor-network';

/** Requests the popup and options page send to the background (`runtime.sendMessage`). */
export type Request =
  | { type: 'get-tab'; tabId: number }
  | { type: 'retry-now'; tabId: number }
  | { type: 'stop'; tabId: number }
  /** Start checking again after giving up or stop. The answer to a form (POST) is never retried. */
  | { type: 'resume'; tabId: number }
  | { type: 'mark-fix'; tabId: number; fix: string }
  | { type: 'get-history' }
  | { type: 'clear-history' };

export interface TabView {
  now: number;
  online: boolean;
  tab: TabRecovery | null;
  origin: OriginSchedule | null;
  settings: Settings;
  /** Recent incidents of this tab's site, newest first. */
  siteHistory: Incident[];
  /** The engine stopped acting on this tab because its state could not be saved. */
  held?: boolean;
  /** Other sites failed through the same provider in the last few minutes: likely its outage. */
  providerOutage: ProviderOutage | null;
  /** Unrelated sites failed with this very error in the last few minutes: the visitor's own network. */
  visitorNetwork: VisitorNetwork | null;
}

export interface ResponseMap {
  'get-tab': TabView;
  'retry-now': TabView;
  stop: TabView;
  resume: TabView;
  'mark-fix': TabView;
  'get-history': Incident[];
  'clear-history': Incident[];
}

export type ResponseFor<R extends Request> = ResponseMap[R['type']];

export function isRequest(value: unknown): value is Request {
  if (!value || typeof value !== 'object') return false;
  const { type, tabId } = value as { type?: unknown; tabId?: unknown };
  switch (type) {
    case 'get-history':
    case 'clear-history':
      return true;
    case 'mark-fix':
      return Number.isInteger(tabId) && typeof (value as { fix?: unknown }).fix === 'string';
    case 'get-tab':
    case 'retry-now':
    case 'stop':
    case 'resume':
      return Number.isInteger(tabId);
    default:
      return false;
  }
}
