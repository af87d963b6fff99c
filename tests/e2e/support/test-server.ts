/**
 * A real HTTP server on 127.0.0.1 whose answers a test scripts: an outage that starts and ends on
 * command, per-path codes and headers, and a log of every request it received but the browser's own.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/**
 * Asked for by the browser on its own, never by the extension (a busy machine's run counted eleven
 * "checks" where the extension sent four: the rest were favicons): answered 404 and never logged.
 */
export const BROWSER_OWN_PATHS: ReadonlySet<string> = new Set(['/favicon.ico']);

/**
 * A check the extension sent: a fetch (`Sec-Fetch-Dest: empty`, or no such header), never a document,
 * an image or anything else a page loads, nor a path the browser asks for by itself.
 */
export function isCheck(r: { path: string; headers: IncomingMessage['headers'] }): boolean {
  const dest = r.headers['sec-fetch-dest'];
  return (dest === undefined || dest === 'empty') && !BROWSER_OWN_PATHS.has(r.path);
}

export interface Outage {
  status: number;
  headers?: Record<string, string>;
  /** A script the error page runs (a page that retries itself). */
  script?: string;
}

/**
 * A 503 from a server whose clock is `aheadMs` ahead of this machine's, asking for `seconds` more by
 * an HTTP-date: read against the local clock that would be `aheadMs` longer.
 */
export function retryAfterDate(aheadMs: number, seconds: number): Outage {
  const serverNow = Date.now() + aheadMs;
  return {
    status: 503,
    headers: {
      date: new Date(serverNow).toUTCString(),
      'retry-after': new Date(serverNow + seconds * 1000).toUTCString(),
    },
  };
}

export interface TestServer {
  origin: string;
  url(path?: string): string;
  requests: LoggedRequest[];
  /** Every path answers this error until `recover()`. */
  fail(outage?: Outage): void;
  recover(): void;
  /** A fixed answer for one path, whatever the outage. */
  route(path: string, status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
  /** Requests for a path (query string ignored) since `since`. */
  count(path: string, since?: number): number;
  /** The extension's checks (see `isCheck`) since `since`. */
  checks(since?: number): LoggedRequest[];
  /**
   * Holds every answer until `release()`: nothing the browser sends meanwhile is answered, as
   * during a laptop's sleep (a test moves the server's and the browser's clocks in between).
   */
  hold(): { release(): void };
}

const page = (title: string, body: string, script = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1 id="state">${body}</h1>` +
  `<form method="post" action="/submit"><input name="q" value="1"><button id="submit">Send</button></form>${script && `<script>${script}</script>`}</body></html>`;

/** A file served as it is, whatever the outage (a service worker's script). */
export interface StaticFile {
  type: string;
  body: string;
}

export async function startTestServer(
  initial?: Outage,
  files: Record<string, StaticFile> = {},
): Promise<TestServer> {
  let outage: Outage | null = initial ?? null;
  const routes = new Map<string, Outage>();
  const requests: LoggedRequest[] = [];
  let held: Promise<void> | null = null;

  const server: Server = createServer(async (req, res) => {
    if (held) await held;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (BROWSER_OWN_PATHS.has(path)) {
      res.writeHead(404).end();
      return;
    }
    requests.push({ at: Date.now(), method: req.method ?? 'GET', path, headers: req.headers });
    const file = files[path];
    if (file) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
      res.end(file.body);
      return;
    }
    const fixed = routes.get(path);
    const answer = fixed ?? outage;
    if (answer) {
      res.writeHead(answer.status, { 'content-type': 'text/html', ...answer.headers });
      res.end(page(`Error ${answer.status}`, `error ${answer.status}`, answer.script));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    res.end(page('OK', `ok ${path}`));
  });
  // Browsers keep connections open; without this close() would wait for them.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: (path = '/') => origin + path,
    requests,
    fail: (next = { status: 502 }) => {
      outage = next;
    },
    recover: () => {
      outage = null;
    },
    route: (path, status, headers) => routes.set(path, { status, headers }),
    count: (path, since = 0) => requests.filter((r) => r.path === path && r.at >= since).length,
    checks: (since = 0) => requests.filter((r) => r.at >= since && isCheck(r)),
    hold: () => {
      let release = () => {};
      held = new Promise((resolve) => {
        release = () => {
          held = null;
          resolve();
        };
      });
      return { release };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
