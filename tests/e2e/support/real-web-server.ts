/**
 * A site on 127.0.0.1 that behaves like real ones the lab server does not: a failure tied to the
 * visitor's session cookie, a maintenance page that refreshes itself, an error page that retries at a
 * new address, a slow page, a page whose image takes seconds (its load ends late), and page loads
 * that never answer. Every request is logged with whether it was a page load or the extension's
 * check (a fetch: `sec-fetch-dest: empty`) and whether it carried cookies.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BROWSER_OWN_PATHS } from './test-server';

export interface RealWebRequest {
  at: number;
  path: string;
  document: boolean;
  cookie: boolean;
}

export interface RealWebServer {
  origin: string;
  url(path: string): string;
  requests: RealWebRequest[];
  /** Ends every outage the routes below describe. */
  recover(): void;
  /** Page loads and checks of `path` since `since`. */
  documents(path: string, since?: number): number;
  checks(path: string, since?: number): number;
  close(): Promise<void>;
}

const html = (title: string, state: string, head = '', body = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head>` +
  `<body><h1 id="state">${state}</h1><a id="away" href="/elsewhere">away</a>${body}</body></html>`;

export async function startRealWebServer(
  options: { refreshSeconds?: number; slowMs?: number; imageMs?: number } = {},
) {
  let down = true;
  const hung: ServerResponse[] = [];
  const requests: RealWebRequest[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (BROWSER_OWN_PATHS.has(path)) {
      res.writeHead(404).end();
      return;
    }
    const document = req.headers['sec-fetch-dest'] === 'document';
    const cookie = Boolean(req.headers.cookie);
    requests.push({ at: Date.now(), path, document, cookie });
    const send = (status: number, body: string, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'text/html', 'cache-control': 'no-store', ...headers })
        .end(body);
    switch (path) {
      case '/login':
        return send(200, html('Signed in', 'signed in'), {
          'set-cookie': 'session=s1; Path=/; SameSite=Lax',
        });
      case '/account':
        // The back end that serves this visitor's session is down; anonymous visitors get the page.
        return cookie && down
          ? send(502, html('Bad Gateway', 'error 502'))
          : send(200, html('OK', 'ok /account'));
      case '/maintenance': {
        const refresh = `<meta http-equiv="refresh" content="${options.refreshSeconds ?? 2}">`;
        return down
          ? send(503, html('Maintenance', 'error 503', refresh))
          : send(200, html('OK', 'ok /maintenance'));
      }
      case '/retrying': {
        // An error page that retries by script at a new address every 0.7 s (a cache-busting query).
        const retry = `<script>setTimeout(() => { location.href = '/retrying?n=' + Date.now(); }, 700)</script>`;
        return down
          ? send(503, html('Unavailable', 'error 503', retry))
          : send(200, html('OK', 'ok /retrying'));
      }
      case '/slow':
        setTimeout(() => send(200, html('Slow', 'ok /slow')), options.slowMs ?? 5000);
        return;
      case '/heavy-image':
        setTimeout(
          () => send(200, '<svg xmlns="http://www.w3.org/2000/svg"/>', { 'content-type': 'image/svg+xml' }),
          options.imageMs ?? 2500,
        );
        return;
      case '/hang':
        // The first load fails; every later page load never answers, while checks get through.
        if (!document) return send(200, html('OK', 'ok /hang'));
        if (requests.filter((r) => r.path === '/hang' && r.document).length === 1) {
          return send(502, html('Bad Gateway', 'error 502'));
        }
        hung.push(res);
        return;
      default: {
        // Pages under /heavy/ show at once but end their load only with a slow image.
        const image = path.startsWith('/heavy/') ? '<img src="/heavy-image" alt="">' : '';
        return down
          ? send(502, html('Bad Gateway', 'error 502'))
          : send(200, html('OK', `ok ${path}`, '', image));
      }
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const count = (path: string, since: number, document: boolean) =>
    requests.filter((r) => r.path === path && r.at >= since && r.document === document).length;
  const site: RealWebServer = {
    origin,
    url: (path) => origin + path,
    requests,
    recover: () => {
      down = false;
    },
    documents: (path, since = 0) => count(path, since, true),
    checks: (path, since = 0) => count(path, since, false),
    close: () =>
      new Promise((resolve) => {
        for (const res of hung.splice(0)) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return site;
}

/** The most requests to one path in any 60 s of the log (page loads and checks alike). */
export function mostInAMinute(requests: RealWebRequest[], path: string, exceptFirst = 0): number {
  const times = requests
    .filter((r) => r.path === path)
    .slice(exceptFirst)
    .map((r) => r.at);
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
}
