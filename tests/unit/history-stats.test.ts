import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historySites, timelineMarks, WEEK_MS, weeklyFailures } from '../../src/core/history-stats';
import type { Incident } from '../../src/core/recovery-state';

const now = Date.UTC(2025, 5, 1);
const at = (host: string, startedAt: number): Incident => ({
  id: `${host}-${startedAt}`,
  host,
  url: `https://${host}/`,
  code: 503,
  method: 'GET',
  layer: 'unknown',
  startedAt,
  endedAt: startedAt + 5000,
  attempts: 1,
  outcome: 'recovered',
  checks: [],
});

describe('weeklyFailures', () => {
  it('counts incidents per site in rolling weeks ending now, oldest week first, busiest site first', () => {
    const stats = weeklyFailures(
      [
        at('a.com', now - 1000),
        at('a.com', now - 2 * WEEK_MS - 1000),
        at('b.com', now - 3 * 24 * 3600_000),
        at('a.com', now - 6 * 24 * 3600_000),
        at('old.com', now - 9 * WEEK_MS),
      ],
      now,
      4,
    );
    expect(stats).toEqual([
      { host: 'a.com', counts: [0, 1, 0, 2], total: 3 },
      { host: 'b.com', counts: [0, 0, 0, 1], total: 1 },
    ]);
  });

  it('counts a start in the future (clock moved back) as this week', () => {
    expect(weeklyFailures([at('a.com', now + 60_000)], now, 2)).toEqual([
      { host: 'a.com', counts: [0, 1], total: 1 },
    ]);
  });

  it('counts every recent incident exactly once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ host: fc.constantFrom('a.com', 'b.com', 'c.com'), age: fc.nat(12 * WEEK_MS) })),
        fc.integer({ min: 1, max: 12 }),
        (items, weeks) => {
          const stats = weeklyFailures(
            items.map((i) => at(i.host, now - i.age)),
            now,
            weeks,
          );
          const recent = items.filter((i) => i.age < weeks * WEEK_MS).length;
          expect(stats.reduce((sum, s) => sum + s.total, 0)).toBe(recent);
          for (const s of stats) {
            expect(s.counts).toHaveLength(weeks);
            expect(s.counts.reduce((a, b) => a + b, 0)).toBe(s.total);
          }
        },
      ),
    );
  });
});

describe('timelineMarks', () => {
  it('places each check by its time since the start, the last check or the end at 1', () => {
    const start = 1_000_000;
    const { spanSeconds, marks } = timelineMarks({
      startedAt: start,
      endedAt: start + 10_000,
      checks: [
        { at: start + 1000, ok: false, status: 502 },
        { at: start + 5000, ok: false, status: null },
        { at: start + 10_000, ok: true, status: 200 },
      ],
    });
    expect(spanSeconds).toBe(10);
    expect(marks).toEqual([
      { position: 0.1, secondsFromStart: 1, ok: false, status: 502 },
      { position: 0.5, secondsFromStart: 5, ok: false, status: null },
      { position: 1, secondsFromStart: 10, ok: true, status: 200 },
    ]);
  });

  it('keeps every mark on the line, whatever the times (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2e12 }),
        fc.integer({ min: -1e6, max: 1e7 }),
        fc.array(fc.integer({ min: -1e6, max: 1e7 })),
        (start, length, offsets) => {
          const { marks } = timelineMarks({
            startedAt: start,
            endedAt: start + length,
            checks: offsets.map((o) => ({ at: start + o, ok: o % 2 === 0, status: 502 })),
          });
          for (const m of marks) {
            expect(m.position).toBeGreaterThanOrEqual(0);
            expect(m.position).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});

describe('historySites', () => {
  it('lists each site once, alphabetically', () => {
    expect(historySites([at('b.com', 1), at('a.com', 2), at('b.com', 3)])).toEqual(['a.com', 'b.com']);
  });
});
