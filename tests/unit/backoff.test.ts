import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../src/core/backoff';

const mid = () => 0.5;

describe('backoffDelayMs', () => {
  it('starts at 1.5 s and grows by the factor; jitter only shortens', () => {
    expect(backoffDelayMs(0, DEFAULT_BACKOFF, () => 0)).toBe(1500);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(2250);
    expect(backoffDelayMs(2, DEFAULT_BACKOFF, () => 0)).toBe(3375);
    expect(backoffDelayMs(2, DEFAULT_BACKOFF, mid)).toBe(3038);
  });

  it('stops growing at the cap', () => {
    expect(backoffDelayMs(50, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.capMs);
    expect(backoffDelayMs(1e9, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.capMs);
  });

  it('a 60 s outage costs at most 9 checks on the default schedule, whatever the jitter', () => {
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
          return checks <= 9;
        },
      ),
    );
  });

  it('stays between (1 - jitter) times the curve and the curve itself, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 200 }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        fc.integer({ min: 1000, max: 3_600_000 }),
        (attempt, r, capMs) => {
          const policy = { ...DEFAULT_BACKOFF, capMs };
          const d = backoffDelayMs(attempt, policy, () => r);
          const raw = Math.min(
            capMs,
            DEFAULT_BACKOFF.baseMs * DEFAULT_BACKOFF.factor ** Math.max(0, attempt),
          );
          return d >= 0 && d <= capMs && d >= Math.floor(raw * 0.8) - 1 && d <= Math.ceil(raw) + 1;
        },
      ),
    );
  });
});
