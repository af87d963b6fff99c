/**
 * A site on 127.0.0.1 for the benchmark: healthy pages, an outage that starts and ends on command
 * (a status on every answer, or the port closed: connection refused), and a log of every request that reached it (any method, any path), so the load a retrier puts on a
 * failing site can be counted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchServer {
  origin: string;
  url(path?: string): string;
  /** Arrival times (ms since epoch) and methods of every request. */
  requests: { at: number; method: string; path: string }[];
  /** Every path answers `status` until `recover()`. */
  fail(status?: number): void;
  /**
   * Stops listening until `recover()`: loads and checks meet a closed port (connection refused) and
   * reach nothing, so the log cannot count them.
   */
  refuse(): Promise<void>;
  /** Answers again, on the same port when it was closed. */
  recover(): Promise<void>;
  /** Requests that arrived in [from, to). */
  countBetween(from: number, to: number): number;
  close(): Promise<void>;
}

// The icon link stops Chromium from asking for /favicon.ico, which would count as load on the site.
const head = (title: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">`;

const errorPage = (status: number) =>
  `${head(`Error ${status}`)}</head><body><h1 id="state">error ${status}</h1></body></html>`;

/** The healthy page: a heading, a stylesheet, a script and two images, like a small real page. */
const okPage = (path: string) =>
  `${head('OK')}<link rel="stylesheet" href="/static/style.css"><script src="/static/app.js"></script></head>` +
  `<body><h1 id="state">ok ${path}</h1><p>Content.</p><img src="/static/a.svg" alt="a"><img src="/static/b.svg" alt="b"></body></html>`;

const STATIC: Record<string, [string, string]> = {
  '/static/style.css': ['text/css', 'body{font:16px sans-serif}h1{color:#234}'],
  '/static/app.js': ['text/javascript', 'document.documentElement.dataset.ready = "1";'],
  '/static/a.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'],
  '/static/b.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'],
};

export async function startBenchServer(): Promise<BenchServer> {
  let failing: number | null = null;
  const requests: BenchServer['requests'] = [];

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ at: Date.now(), method: req.method ?? 'GET', path });
    if (failing !== null) {
      res.writeHead(failing, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : errorPage(failing));
      return;
    }
    const asset = STATIC[path];
    if (asset) {
      res.writeHead(200, { 'content-type': asset[0], 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : asset[1]);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : okPage(path));
  });
  // Browsers keep connections open; without this close() would wait for them.
  server.keepAliveTimeout = 1000;
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: (path = '/') => origin + path,
    requests,
    fail: (status = 502) => {
      failing = status;
    },
    refuse: stop,
    recover: async () => {
      failing = null;
      if (!server.listening) await listen(port);
    },
    countBetween: (from, to) => requests.filter((r) => r.at >= from && r.at < to).length,
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}
