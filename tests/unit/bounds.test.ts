import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundHeaders,
  boundIncident,
  boundUrl,
  checkUrlOf,
  cutToBytes,
  isCutUrl,
  MAX_HEADER_BYTES,
  MAX_HEADER_NAME_BYTES,
  MAX_HEADER_VALUE_BYTES,
  MAX_HEADERS,
  MAX_INCIDENT_BYTES,
  MAX_URL_BYTES,
  pageKey,
  shareableUrl,
  withoutCredentials,
} from '../../src/core/bounds';
import { keepableHeaders } from '../../src/core/layer';
import { downCheckers, waybackUrl } from '../../src/core/outside-checks';
import type { Incident } from '../../src/core/recovery-state';

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Addresses up to 2 MB, with or without `user:pass@`, ASCII or not, with or without a fragment. */
const urlArb = fc
  .record({
    auth: fc.option(fc.tuple(fc.stringMatching(/^[a-z0-9]{0,12}$/), fc.stringMatching(/^[a-z0-9]{0,12}$/))),
    host: fc.domain(),
    path: fc.webPath(),
    query: fc.option(fc.webQueryParameters()),
    long: fc.integer({ min: 0, max: 2_000_000 }),
    unit: fc.constantFrom('a', '%E3%81%82', 'あ', '😀'),
    fragment: fc.option(fc.webFragments()),
  })
  .map(({ auth, host, path, query, long, unit, fragment }) => {
    const userinfo = auth ? `${auth[0]}:${auth[1]}@` : '';
    const pad = long ? unit.repeat(Math.ceil(long / unit.length)) : '';
    const url = `https://${userinfo}${host}${path || '/'}${query === null ? '' : `?${query}`}${pad}${fragment === null ? '' : `#${fragment}`}`;
    return { url, host };
  });

describe('bounds on what a page controls', () => {
  it('a stored address is at most 2 KB, has no credentials, and bounding again changes nothing', () => {
    fc.assert(
      fc.property(urlArb, ({ url, host }) => {
        const bounded = boundUrl(url);
        expect(bytes(bounded)).toBeLessThanOrEqual(MAX_URL_BYTES);
        const parsed = new URL(bounded);
        expect(parsed.username + parsed.password).toBe('');
        expect(boundUrl(bounded)).toBe(bounded);
        expect(pageKey(bounded)).toBe(pageKey(url));
        // What a check requests: the same host, never credentials, never longer.
        const check = new URL(checkUrlOf(bounded));
        expect(check.hostname).toBe(new URL(`https://${host}/`).hostname);
        expect(check.username + check.password).toBe('');
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('keeps short addresses as they are, and tells apart long ones that differ only after 2 KB', () => {
    expect(boundUrl('https://a.example/x?y=1#z')).toBe('https://a.example/x?y=1#z');
    const a = `https://a.example/${'p'.repeat(5000)}1`;
    const b = `https://a.example/${'p'.repeat(5000)}2`;
    expect(isCutUrl(boundUrl(a))).toBe(true);
    expect(pageKey(a)).not.toBe(pageKey(b));
    expect(pageKey(`${a}#one`)).toBe(pageKey(`${a}#two`));
    // The check of a cut address goes to the site, not to the marker.
    expect(checkUrlOf(boundUrl(`https://a.example/list?q=${'x'.repeat(5000)}`))).toBe(
      'https://a.example/list',
    );
    expect(checkUrlOf(boundUrl(a))).toBe('https://a.example/');
  });

  it("gives the visitor the tab's own address, never the cut one kept for storage", () => {
    const long = `https://u:secret@a.example/list?q=${'x'.repeat(5000)}#/item/7`;
    const stored = boundUrl(long);
    expect(shareableUrl(stored, long)).toBe(withoutCredentials(long));
    // The tab shows another page (or cannot be asked): a cut address is no address to give.
    expect(shareableUrl(stored, `https://a.example/list?q=${'x'.repeat(5000)}1`)).toBeNull();
    expect(shareableUrl(stored, undefined)).toBeNull();
    // A whole stored address is the page: it is given when the tab's cannot be read.
    expect(shareableUrl('https://a.example/x#top', undefined)).toBe('https://a.example/x#top');
    expect(shareableUrl('https://a.example/x', 'https://a.example/x#top')).toBe('https://a.example/x#top');
  });

  it('removes user name and password wherever they are', () => {
    expect(withoutCredentials('http://user:pass@127.0.0.1:8080/a@b?c=@#@')).toBe(
      'http://127.0.0.1:8080/a@b?c=@#@',
    );
    expect(withoutCredentials('https://only-user@x.example/')).toBe('https://x.example/');
    expect(withoutCredentials('https://x.example/path@thing')).toBe('https://x.example/path@thing');
    expect(waybackUrl('http://u:secret@x.example/p')).toBe(
      'https://web.archive.org/web/*/http://x.example/p',
    );
    expect(JSON.stringify(downCheckers('http://u:secret@x.example/p'))).not.toContain('secret');
  });

  it('cuts text on whole characters within a byte budget', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 0, max: 400 }),
        (text, max) => {
          const cut = cutToBytes(text, max);
          expect(bytes(cut)).toBeLessThanOrEqual(max);
          expect(text.startsWith(cut)).toBe(true);
        },
      ),
    );
  });

  it('keeps header sets up to 1 MB within their bounds, never cookies', () => {
    const headerArb = fc.record({
      name: fc.oneof(fc.constantFrom('set-cookie', 'server', 'cf-ray'), fc.string({ maxLength: 80 })),
      value: fc.string({ maxLength: 300 }),
      repeat: fc.integer({ min: 1, max: 4000 }),
    });
    fc.assert(
      fc.property(fc.array(headerArb, { maxLength: 300 }), (specs) => {
        const list = specs.map(({ name, value, repeat }) => ({
          name: name.repeat(repeat % 50),
          value: value.repeat(repeat),
        }));
        const kept = keepableHeaders(list);
        expect(kept.length).toBeLessThanOrEqual(MAX_HEADERS);
        expect(bytes(JSON.stringify(kept))).toBeLessThanOrEqual(MAX_HEADER_BYTES);
        for (const [name, value] of kept) {
          expect(bytes(name)).toBeLessThanOrEqual(MAX_HEADER_NAME_BYTES);
          expect(bytes(value)).toBeLessThanOrEqual(MAX_HEADER_VALUE_BYTES);
          expect(name).not.toBe('set-cookie');
        }
        expect(boundHeaders(kept)).toEqual(kept);
      }),
      { numRuns: 50 },
    );
  });

  it('trims an oversized incident to its bound, newest checks kept', () => {
    const incident: Incident = {
      id: 'x',
      host: 'h.example',
      url: `http://u:secret@h.example/${'x'.repeat(100_000)}`,
      code: 502,
      method: 'GET',
      layer: 'unknown',
      startedAt: 0,
      endedAt: 1,
      attempts: 9000,
      outcome: 'gave-up',
      checks: Array.from({ length: 9000 }, (_, at) => ({ at, ok: false, status: 502 })),
    };
    const bounded = boundIncident(incident);
    expect(bytes(JSON.stringify(bounded))).toBeLessThanOrEqual(MAX_INCIDENT_BYTES);
    expect(bounded.url).not.toContain('secret');
    expect(bounded.checks.at(-1)?.at).toBe(8999);
    expect(bounded.attempts).toBe(9000);
  });
});
