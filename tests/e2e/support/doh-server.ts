/**
 * A DNS-over-HTTPS resolver on 127.0.0.1 (RFC 8484: `application/dns-message` by GET `?dns=` or POST),
 * the browser's only resolver in a test, so a site's name can stop resolving and resolve again while
 * the tab is open. A name the test lets resolve answers A 127.0.0.1 (and no AAAA or other record);
 * every other name, and a name the test took away, answers NXDOMAIN. Answers live one second, so
 * neither browser keeps an old answer for long. The certificate is self-signed, made for this run;
 * each browser is told to trust it alone (see `chromiumDoh` and `firefoxDoh`).
 */
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './self-signed';

export interface DohServer {
  /** `https://127.0.0.1:<port>/dns-query`. */
  uri: string;
  port: number;
  /** base64 SHA-256 of the certificate's public key, for Chromium's `--ignore-certificate-errors-spki-list`. */
  spki: string;
  /** SHA-256 fingerprint of the certificate (`AB:CD:…`), for Firefox's certificate override. */
  fingerprint: string;
  /** Names asked for, with the answer given, in order. */
  queries: { at: number; name: string; type: number; answered: 'address' | 'none' | 'nxdomain' }[];
  /** Lets a name resolve to 127.0.0.1, or takes it away (NXDOMAIN). */
  resolve(name: string, on: boolean): void;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_SOA = 6;
const RCODE_NXDOMAIN = 3;
const TTL_SECONDS = 1;

/** The question's name and type; the header is 12 bytes, then the name as length-prefixed labels. */
function question(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (query[at]! > 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString('ascii'));
    at += 1 + query[at]!;
  }
  at += 1;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at), end: at + 4 };
}

/** A record whose name points to the question's (offset 12), class IN, living TTL_SECONDS. */
function record(type: number, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt32BE(TTL_SECONDS, 6);
  head.writeUInt16BE(data.length, 10);
  return Buffer.concat([head, data]);
}

/**
 * The answer to a one-question query: the query's header and question, then the A record, or else an
 * SOA whose minimum says how long "no such name" or "no such record" holds (RFC 2308): without it
 * Chromium 156 keeps a name's answer a minute, whatever the A record's TTL.
 */
function answer(query: Buffer, address: boolean, rcode: number): Buffer {
  const { end } = question(query);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  // QR (response), the query's RD, RA; then the response code.
  header[2] = 0x80 | (query[2]! & 0x01);
  header[3] = 0x80 | rcode;
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(address ? 1 : 0, 6);
  header.writeUInt16BE(address ? 0 : 1, 8);
  if (address)
    return Buffer.concat([header, query.subarray(12, end), record(TYPE_A, Buffer.from([127, 0, 0, 1]))]);
  // The zone's primary and mailbox as pointers to the question's name; serial, refresh, retry, expire, minimum.
  const soa = Buffer.alloc(24);
  soa.writeUInt16BE(0xc00c, 0);
  soa.writeUInt16BE(0xc00c, 2);
  soa.writeUInt32BE(1, 4);
  for (const at of [8, 12, 16, 20]) soa.writeUInt32BE(TTL_SECONDS, at);
  return Buffer.concat([header, query.subarray(12, end), record(TYPE_SOA, soa)]);
}

export async function startDohServer(names: string[]): Promise<DohServer> {
  const { key, cert, spki, fingerprint } = selfSignedCertificate('127.0.0.1', 'IP:127.0.0.1');
  const resolving = new Set(names);
  const queries: DohServer['queries'] = [];

  const reply = (query: Buffer, res: Http2ServerResponse) => {
    const { name, type } = question(query);
    const known = resolving.has(name);
    const address = known && type === TYPE_A;
    queries.push({ at: Date.now(), name, type, answered: address ? 'address' : known ? 'none' : 'nxdomain' });
    res.writeHead(200, {
      'content-type': 'application/dns-message',
      'cache-control': `max-age=${TTL_SECONDS}`,
    });
    res.end(answer(query, address, known ? 0 : RCODE_NXDOMAIN));
  };
  const server = createSecureServer(
    { key, cert, allowHTTP1: true },
    (req: Http2ServerRequest, res: Http2ServerResponse) => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      if (req.method === 'GET' && url.searchParams.has('dns')) {
        reply(Buffer.from(url.searchParams.get('dns')!, 'base64url'), res);
        return;
      }
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => reply(Buffer.concat(body), res));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    uri: `https://127.0.0.1:${port}/dns-query`,
    port,
    spki,
    fingerprint,
    queries,
    resolve(name, on) {
      if (on) resolving.add(name);
      else resolving.delete(name);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/**
 * Chromium 156 with the resolver as its secure DNS in "secure" mode (no fallback to the system's
 * resolver): what chrome://settings/security stores in `Local State`. Certificate errors are ignored
 * for the resolver's key alone, so an untrusted site still fails.
 */
export const chromiumDoh = (doh: DohServer) => ({
  args: [`--ignore-certificate-errors-spki-list=${doh.spki}`],
  localState: { dns_over_https: { mode: 'secure', templates: `${doh.uri}{?dns}` } },
});

/**
 * Firefox ESR 153 with the resolver as its only one (TRR mode 3, no fallback to the system's), its
 * private answers allowed, no confirmation lookup, answers kept one second, and no speculative
 * connection that would reach the site before a lookup. The certificate is trusted for the resolver's
 * address and port alone, as the visitor's "Accept the risk" stores it (`cert_override.txt`).
 */
export const firefoxDoh = (doh: DohServer) => ({
  prefs: {
    'network.trr.mode': 3,
    'network.trr.uri': doh.uri,
    'network.trr.allow-rfc1918': true,
    'network.trr.confirmationNS': 'skip',
    'network.dnsCacheExpiration': 1,
    'network.dnsCacheExpirationGracePeriod': 0,
    'network.connectivity-service.enabled': false,
    'network.http.speculative-parallel-limit': 0,
    'network.predictor.enabled': false,
    'network.dns.disablePrefetch': true,
  },
  profileFiles: {
    'cert_override.txt': `# PSM Certificate Override Settings file\n127.0.0.1:${doh.port}:\tOID.2.16.840.1.101.3.4.2.1\t${doh.fingerprint}\t\n`,
  },
});
