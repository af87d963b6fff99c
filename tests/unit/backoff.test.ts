import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../src/core/backoff';

const mid = () => 0.5;

describe('backoffDelayMs', () => {
  it('starts at about a second and grows by the factor', () => {
    expect(backoffDelayMs(0, DEFAULT_BACKOFF, mid)).toBe(1000);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, mid)).toBe(1600);
    expect(backoffDelayMs(2, DEFAULT_BACKOFF, mid)).toBe(2560);
  });

  it('stops growing at the cap', () => {
    expect(backoffDelayMs(50, DEFAULT_BACKOFF, mid)).toBe(DEFAULT_BACKOFF.capMs);
    expect(backoffDelayMs(1e9, DEFAULT_BACKOFF, () => 0.999)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('a 60 s outage costs at most 10 checks on the default schedule, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.9999999, noNaN: true }), { minLength: 30, maxLength: 30 }),
        (rs) => {
          let t = 0;
          let checks = 0;
          for (let n = 0; t + backoffDelayMs(n, DEFAULT_BACKOFF, () => rs[n]!) <= 60_000; n++) {
            t += backoffDelayMs(n, DEFAULT_BACKOFF, () => rs[n]!);
            checks++;
          }
          return checks <= 10;
        },
      ),
    );
  });

  it('stays within ±jitter of the curve, never negative, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 200 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        fc.integer({ min: 1000, max: 3_600_000 }),
        (attempt, r, capMs) => {
          const policy = { ...DEFAULT_BACKOFF, capMs };
          const d = backoffDelayMs(attempt, policy, () => r);
          const raw = Math.min(capMs, 1000 * 1.6 ** Math.max(0, attempt));
          return d >= 0 && d <= capMs && d >= Math.floor(raw * 0.8) - 1 && d <= Math.ceil(raw * 1.2) + 1;
        },
      ),
    );
  });
});
