/**
 * A site on 127.0.0.1 that does not answer, in the ways a crashed or restarting server does: its port
 * closed (connection refused), accepting and closing without a word, or accepting and never
 * answering (a hung server); then back on the same port.
 * Every request it received is logged (the browser's own `/favicon.ico` left out).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './self-signed';

export type SilentMode = 'refuse' | 'drop' | 'hang' | 'answer';

export interface SiteRequest {
  at: number;
  method: string;
  path: string;
  /** `navigate` for a page load (the browser's or the extension's reload), `cors`/`no-cors` for a check. */
  fetchMode: string;
}

export interface SilentServer {
  port: number;
  url(path?: string, host?: string): string;
  requests: SiteRequest[];
  /** Refuse (port closed), drop (accept and close), hang (accept, never answer), or answer `ok <path>`. */
  set(mode: SilentMode): Promise<void>;
  close(): Promise<void>;
}

const page = (path: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ok</title></head><body><h1 id="state">ok ${path}</h1>` +
  '<form method="post" action="/submit"><textarea id="text" name="text"></textarea><button id="send">Send</button></form></body></html>';

export async function startSilentServer(mode: SilentMode = 'answer'): Promise<SilentServer> {
  let current: SilentMode = mode;
  const requests: SiteRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path !== '/favicon.ico') {
      const fetchMode = String(req.headers['sec-fetch-mode'] ?? '');
      requests.push({ at: Date.now(), method: req.method ?? 'GET', path, fetchMode });
    }
    if (current === 'drop') {
      req.socket.destroy();
      return;
    }
    if (current === 'hang') {
      hanging.add(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    res.end(page(path));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  if (mode === 'refuse') await stop();
  return {
    port,
    requests,
    url: (path = '/', host = '127.0.0.1') => `http://${host}:${port}${path}`,
    async set(next) {
      // A hung server that restarts drops what it held.
      for (const res of hanging) res.destroy();
      hanging.clear();
      if (next === 'refuse' && server.listening) await stop();
      if (next !== 'refuse' && !server.listening) await listen(port);
      current = next;
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

/** An https site whose certificate nobody trusts (self-signed, made for this run with openssl). */
export async function startUntrustedTlsServer(): Promise<{
  url(path?: string): string;
  requests: string[];
  close(): Promise<void>;
}> {
  const { key, cert } = selfSignedCertificate('localhost');
  const requests: string[] = [];
  const server = createTlsServer({ key, cert }, (req, res) => {
    if (req.url !== '/favicon.ico') requests.push(req.url ?? '/');
    res.end('ok');
  });
  // Connections count too: a certificate error ends in the handshake, before any request.
  server.on('connection', () => requests.push('(connection)'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/') => `https://localhost:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
