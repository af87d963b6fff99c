import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter, RETRY_AFTER_MAX_SECONDS } from '../../src/core/retry-after';

const NOW = Date.parse('2026-11-24T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5);
  });

  it('reads the three HTTP-date forms', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:01:00 GMT', NOW)).toBe(60);
    expect(parseRetryAfter('Tuesday, 24-Nov-26 10:00:30 GMT', NOW)).toBe(30);
    expect(parseRetryAfter('Tue Nov 24 10:00:10 2026', NOW)).toBe(10);
  });

  it("reads a date against the response's own Date, not the visitor's clock", () => {
    const retry = 'Tue, 24 Nov 2026 10:01:00 GMT';
    // The visitor's clock is five minutes slow: the server's 60 s stay 60 s (not six minutes)...
    const slow = NOW - 5 * 60_000;
    expect(parseRetryAfter(retry, slow, 'Tue, 24 Nov 2026 10:00:00 GMT')).toBe(60);
    // ...and five minutes fast, they are not lost either.
    expect(parseRetryAfter(retry, NOW + 5 * 60_000, 'Tue, 24 Nov 2026 10:00:00 GMT')).toBe(60);
    // Any of the three date forms may be the Date.
    expect(parseRetryAfter(retry, slow, 'Tuesday, 24-Nov-26 10:00:30 GMT')).toBe(30);
    // Delay-seconds need no clock at all.
    expect(parseRetryAfter('45', slow, 'Tue, 24 Nov 2026 10:00:00 GMT')).toBe(45);
  });

  it('falls back to the local clock when Date is missing or garbage, and keeps the clamp', () => {
    const retry = 'Tue, 24 Nov 2026 10:01:00 GMT';
    for (const date of [undefined, null, '', 'yesterday', 'Tue, 99 Foo', '1764000000']) {
      expect(parseRetryAfter(retry, NOW, date)).toBe(60);
    }
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', NOW, 'Tue, 24 Nov 2026 10:00:00 GMT')).toBe(
      RETRY_AFTER_MAX_SECONDS,
    );
    // A date before the response's own is past, whatever the visitor's clock says.
    expect(parseRetryAfter(retry, NOW - 3_600_000, 'Tue, 24 Nov 2026 10:02:00 GMT')).toBeNull();
  });

  it('parseHttpDate reads HTTP-dates only, always as GMT', () => {
    expect(parseHttpDate('Tue Nov 24 10:00:10 2026')).toBe(NOW + 10_000);
    expect(parseHttpDate('Tue, 24 Nov 2026 10:00:00 GMT')).toBe(NOW);
    expect(parseHttpDate('2026-11-24T10:00:00Z')).toBeNull();
    expect(parseHttpDate('120')).toBeNull();
  });

  it('ignores garbage, zero, negative and past values', () => {
    for (const value of [
      '',
      'soon',
      '-5',
      '0',
      '1.5',
      '1e3',
      'Mon, 01 Jan 2001 00:00:00 GMT',
      'Tue, 99 Foo',
      null,
      undefined,
    ]) {
      expect(parseRetryAfter(value, NOW)).toBeNull();
    }
  });

  it('clamps absurdly large values instead of waiting for days', () => {
    expect(parseRetryAfter('86400', NOW)).toBe(RETRY_AFTER_MAX_SECONDS);
    expect(parseRetryAfter('999999999999', NOW)).toBe(RETRY_AFTER_MAX_SECONDS);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toBe(RETRY_AFTER_MAX_SECONDS);
  });

  it('never throws and always answers null or 1..max seconds', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 })),
        fc.integer(),
        fc.option(fc.string()),
        (text, now, date) => {
          const result = parseRetryAfter(text, now, date);
          return (
            result === null || (Number.isInteger(result) && result >= 1 && result <= RETRY_AFTER_MAX_SECONDS)
          );
        },
      ),
    );
  });

  it('honours every delay-seconds value up to the cap exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: RETRY_AFTER_MAX_SECONDS }),
        (n) => parseRetryAfter(String(n), NOW) === n,
      ),
    );
  });
});
