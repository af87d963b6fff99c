import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../bench/results';
import type { Layout, RecoveryRun } from '../../bench/scenarios/recovery';
import { lengthsFor } from '../../bench/summary';
import { benchP95Share, longOutageLimit, p95Runs, shareOf } from '../../bench/targets';

const run = (
  layout: Layout,
  outageS: number,
  recoveryMs: number | null,
  contender: RecoveryRun['contender'] = 'ours',
): RecoveryRun => ({
  contender,
  layout,
  outageS,
  repeat: 0,
  tabs: 1,
  addedRequests: 0,
  addedNonGet: 0,
  recoveryMs,
  firstTabMs: recoveryMs,
  frontTabMs: recoveryMs,
  boundMs: 20_000,
  errorLoadMs: 10,
  timing: 'paint',
  shownTabs: null,
});

describe('bench targets', () => {
  it('takes the 95th percentile over our runs on the visible schedule only', () => {
    const runs = [
      ...Array.from({ length: 19 }, (_, i) => run('one-visible', 10, (i + 1) * 100)),
      run('ten-tabs', 10, 5000),
      // Not counted: a background tab waits longer on purpose, and rivals are not the engine.
      run('background', 10, 9000),
      run('one-visible', 10, 9000, 'fixed-interval'),
    ];
    expect(p95Runs(runs)).toHaveLength(20);
    expect(benchP95Share(runs)).toBe(0.5);
    expect(benchP95Share([])).toBeNull();
  });

  it("judges the tab in front by default; each run's last tab on request", () => {
    const ten = { ...run('ten-tabs', 10, 9000), tabs: 10, frontTabMs: 2000 };
    const runs = [...Array.from({ length: 19 }, () => run('one-visible', 10, 1000)), ten, ten];
    expect(benchP95Share(runs)).toBe(0.2);
    expect(benchP95Share(runs, shareOf)).toBe(0.9);
    // No tab in front (or it never came back) counts as never.
    expect(benchP95Share([run('one-visible', 10, 1000), { ...ten, frontTabMs: null }])).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('counts a run that never came back as longer than any', () => {
    expect(shareOf(run('one-visible', 10, null))).toBe(Number.POSITIVE_INFINITY);
    expect(benchP95Share([run('one-visible', 10, 1000), run('one-visible', 10, null)])).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('allows a visible tab a fifth of a 5 s reloader in a long outage', () => {
    expect(longOutageLimit(300)).toBe(12);
  });

  it('measures the long lengths with one visible and one background tab only, off the plot', () => {
    const config = { outagesS: [5, 15], extraOutagesS: [8], longOutagesS: [300] } as RunConfig;
    expect(lengthsFor(config, 'one-visible')).toEqual([5, 8, 15, 300]);
    expect(lengthsFor(config, 'background')).toEqual([5, 15, 300]);
    expect(lengthsFor(config, 'ten-tabs')).toEqual([5, 15]);
    expect(lengthsFor(config, 'one-visible', { long: false })).toEqual([5, 8, 15]);
  });
});
