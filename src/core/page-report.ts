/**
 * What a page says about its own load, read from its navigation entry by the background when
 * webRequest did not see that load (a service worker answered it, or it happened before the extension
 * started). The page is not trusted: anything malformed, or a reading from a document other than the
 * one asked about, is dropped with the reason, never guessed at.
 */
import { type LoadCompleted, samePage } from './recovery/context';
import { parseWebUrl } from './web-url';

export interface PageReading {
  url: string;
  status: number;
  requestMs: number | null;
}

export type PageReport =
  | { ok: true; reading: PageReading }
  | { ok: false; reason: 'malformed' | 'no-status' | 'moved' | 'newer-document' };

const MAX_URL_LENGTH = 8192;
/** A request time beyond this is no measurement (a clock jump, a page kept open for days). */
const MAX_REQUEST_MS = 10 * 60_000;

/**
 * Checks a reading against what was asked: the page at `askedUrl`, whose load had ended when it was
 * asked, `sinceAskedMs` (monotonic) before the answer came.
 * - no status: `responseStatus` is missing (a browser without it) or 0 (a cross-origin redirect
 *   hides it): unknown is never taken for failing;
 * - moved: the tab shows another address now, so this reading is not about the load we asked about;
 * - newer document: the tab reloaded the same address after we asked (the document is younger than
 *   the time since); its own load is read when it ends. Ages, never wall-clock times: a clock set
 *   back between the load and the reading made the page that loaded look newer, and it was dropped.
 */
export function checkPageReport(raw: unknown, askedUrl: string, sinceAskedMs: number): PageReport {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'malformed' };
  const { url, status, age, requestMs } = raw as Record<string, unknown>;
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !parseWebUrl(url)) {
    return { ok: false, reason: 'malformed' };
  }
  if (status === undefined || status === 0) return { ok: false, reason: 'no-status' };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return { ok: false, reason: 'malformed' };
  }
  if (!samePage(url, askedUrl)) return { ok: false, reason: 'moved' };
  if (typeof age === 'number' && age < sinceAskedMs) return { ok: false, reason: 'newer-document' };
  const ms =
    typeof requestMs === 'number' &&
    Number.isFinite(requestMs) &&
    requestMs >= 0 &&
    requestMs <= MAX_REQUEST_MS
      ? Math.round(requestMs)
      : null;
  return { ok: true, reading: { url, status, requestMs: ms } };
}

/**
 * A reading as a load for the state machine. A page cannot tell its method: 'GET' is what the engine
 * sends when it returns (a new navigation, see `pageReturn`), and a POST the engine saw itself keeps
 * its incident (`alreadyTracked`). No headers: Retry-After is learnt from the first check.
 */
export function loadFromReading(tabId: number, reading: PageReading): LoadCompleted {
  return {
    tabId,
    url: reading.url,
    method: 'GET',
    statusCode: reading.status,
    requestMs: reading.requestMs,
    source: 'page',
  };
}
