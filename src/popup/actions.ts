import type { BrowserKind, PlatformOs } from '../core/dns-advice';
import type { FixId } from '../core/verdict';

export type ClearOutcome = 'done' | 'denied' | 'failed';

/** What the popup can do; the app wires it to the background and browser APIs, tests to spies. */
export interface PopupActions {
  retryNow(): void;
  stop(): void;
  resume(): void;
  reload(bypassCache: boolean): void;
  /** Reloads the answer to a form: the browser itself asks before sending the form again. */
  resendForm(): void;
  /** Clears this site's cached files (and cookies when asked), asking for the permission first. */
  clearSiteData(withCookies: boolean): Promise<ClearOutcome>;
  openPrivateWindow(): Promise<boolean>;
  /** Remembers for this incident that the visitor tried a fix that runs outside the extension. */
  markTried(fix: FixId): void;
  copy(text: string): Promise<boolean>;
  /** Opens the options page: settings, excluded sites and the history. */
  openSettings(): void;
}

/** Facts about the browser the advice depends on, read once when the popup opens. */
export interface PopupEnv {
  os: PlatformOs;
  browser: BrowserKind;
  /** Whether the extension may open private windows (Chrome "Allow in Incognito", Firefox "Run in Private Windows"). */
  incognitoAllowed: boolean;
  /** Whether the extension can open windows at all: Firefox for Android has no `windows` API. */
  canOpenWindows: boolean;
}
