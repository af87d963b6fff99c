/**
 * The simulated network: one server model per origin, answering both the tabs' loads and the
 * extension's `fetch` checks, and a log of every request that reached a server with who sent it.
 */

export type SiteMode =
  /** Answers 200. */
  | 'up'
  /** Answers `downStatus` (a gateway error, or another error such as 500 or 429). */
  | 'down'
  /** Down only for requests that carry the visitor's cookie: a failure tied to the session. */
  | 'session'
  /** Never answers: the request stays open. */
  | 'hang'
  /** Refuses the connection: no HTTP answer at all (a network error). */
  | 'refused';

export interface Site {
  origin: string;
  mode: SiteMode;
  downStatus: number;
  /** `Retry-After` sent with an error, as the server writes it. */
  retryAfter?: string;
  /** The server's own clock minus the visitor's, for its `Date` header. */
  dateSkewMs: number;
  /** The layer that writes the error page: decides the headers. */
  provider: 'nginx' | 'cloudflare';
  /** An error with no body: Chromium shows its own error page, which no script can read. */
  emptyBody?: boolean;
  /** A service worker answers its page loads: webRequest sees no main-frame event (see DESIGN.md). */
  serviceWorker?: boolean;
  /** `<meta http-equiv="refresh">` of its error page, in seconds. */
  metaRefresh?: number;
  /** How long a page load waits for its answer (the answer is decided when the request arrives). */
  latencyMs?: number;
}

export type Sender =
  /** The extension's own check (`fetch` in the background). */
  | 'check'
  /** A tab's load caused by the extension (tabs.reload / tabs.update). */
  | 'extension'
  /** A load the visitor started (address bar, link, reload button, form). */
  | 'visitor'
  /** A load the page started by itself (meta refresh, location.reload, a retry at a new address). */
  | 'page'
  /** Chromium's own reload of a shown page that got no answer (auto-reload.ts). */
  | 'browser';

export interface LoggedRequest {
  at: number;
  /** Real time at the request (sleeps included, clock changes not): budgets are about it. */
  real: number;
  origin: string;
  url: string;
  method: string;
  sender: Sender;
  tabId: number | null;
  private: boolean;
  withCookie: boolean;
  /** For an extension reload: the kind the stored state gave it (`follow` reloads are outside the budget). */
  reloadKind?: string;
}

export interface Answer {
  /** 0 for a network error (`refused`): no HTTP answer. */
  status: number;
  statusText: string;
  headers: { name: string; value: string }[];
  body: string;
  /** 301 to this address (a redirect hop: the same request goes on). */
  location?: string;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  520: 'Unknown Error',
};

export class Network {
  readonly sites = new Map<string, Site>();
  readonly log: LoggedRequest[] = [];

  /** `serverNow`: the servers' clock, true time, which a change of the visitor's clock does not move. */
  constructor(private readonly serverNow: () => number) {}

  site(origin: string): Site {
    let site = this.sites.get(origin);
    if (!site) {
      site = { origin, mode: 'up', downStatus: 502, dateSkewMs: 0, provider: 'nginx' };
      this.sites.set(origin, site);
    }
    return site;
  }

  /** The server's answer, or null when it never answers. Addresses under `/old` redirect to `/new`. */
  answer(url: string, withCookie: boolean): Answer | null {
    const parsed = new URL(url);
    const site = this.site(parsed.origin);
    if (site.mode === 'hang') return null;
    if (site.mode === 'refused') return { status: 0, statusText: '', headers: [], body: '' };
    if (parsed.pathname.startsWith('/old'))
      return {
        status: 301,
        statusText: REASONS[301]!,
        headers: [{ name: 'location', value: url.replace('/old', '/new') }],
        body: '',
        location: url.replace('/old', '/new'),
      };
    const failing = site.mode === 'down' || (site.mode === 'session' && withCookie);
    if (!failing)
      return {
        status: 200,
        statusText: 'OK',
        headers: [{ name: 'content-type', value: 'text/html' }],
        body: '<p>ok',
      };
    const headers = [
      { name: 'content-type', value: 'text/html' },
      { name: 'date', value: new Date(this.serverNow() + site.dateSkewMs).toUTCString() },
      ...(site.provider === 'cloudflare'
        ? [
            { name: 'server', value: 'cloudflare' },
            { name: 'cf-ray', value: '8a1b2c3d4e5f6a7b-CDG' },
          ]
        : [{ name: 'server', value: 'nginx/1.22.1' }]),
      ...(site.retryAfter ? [{ name: 'retry-after', value: site.retryAfter }] : []),
    ];
    const meta =
      site.metaRefresh === undefined ? '' : `<meta http-equiv="refresh" content="${site.metaRefresh}">`;
    const status = site.mode === 'session' ? 502 : site.downStatus;
    return {
      status,
      statusText: REASONS[status] ?? 'Error',
      headers,
      body: site.emptyBody
        ? ''
        : `${meta}<center>${status} ${REASONS[status] ?? ''}</center><hr><center>nginx</center>`,
    };
  }

  record(request: LoggedRequest): void {
    this.log.push(request);
  }
}
