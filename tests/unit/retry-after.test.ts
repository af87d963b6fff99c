import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, RETRY_AFTER_MAX_SECONDS } from '../../src/core/retry-after';

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
        (text, now) => {
          const result = parseRetryAfter(text, now);
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
