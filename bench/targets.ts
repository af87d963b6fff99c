/** The targets of issues 6 and 11, each checked against a run: PASS or MISS (a finding, not a failure). */

import { DEFAULT_SETTINGS } from '../src/core/settings.ts';
import { backAfter, percent } from './format.ts';
import type { Results, TargetResult, Verdict } from './results.ts';
import { BUDGET_BYTES } from './scenarios/bundle-size.ts';
import { POPUP_CASES } from './scenarios/popup.ts';
import type { Layout, RecoveryRun } from './scenarios/recovery.ts';
import { BUDGET } from './schedule-model.ts';
import { quantile } from './stats.ts';
import { cellOf } from './summary.ts';

/** The recovery delay's 95th percentile may be at most this share of the outage (issue 11). */
export const P95_SHARE_TARGET = 0.6;
/** Layouts whose site has a visible failing tab, so it is checked on the visible schedule. */
export const VISIBLE_LAYOUTS: readonly Layout[] = ['one-visible', 'ten-tabs'];

/** A run's recovery delay (its last tab back) as a share of its outage; never back counts as longer than any. */
export const shareOf = (run: RecoveryRun) =>
  (run.recoveryMs ?? Number.POSITIVE_INFINITY) / (run.outageS * 1000);

/** The same for the tab in front of its window, the one the visitor is waiting for. */
export const frontShareOf = (run: RecoveryRun) =>
  (run.frontTabMs ?? Number.POSITIVE_INFINITY) / (run.outageS * 1000);

/**
 * The runs the benchmark's 95th percentile is taken over: Gateway Rescue on the visible schedule
 * (one visible tab, ten tabs), every outage length and repeat.
 */
export const p95Runs = (runs: RecoveryRun[]) =>
  runs.filter((run) => run.contender === 'ours' && VISIBLE_LAYOUTS.includes(run.layout));

/**
 * The 95th percentile of the recovery delay as a share of the outage: by default of the tab the
 * visitor looks at; `shareOf` counts each run's last tab instead (nine hidden tabs of ten as well).
 */
export function benchP95Share(runs: RecoveryRun[], share = frontShareOf): number | null {
  const counted = p95Runs(runs);
  return counted.length === 0 ? null : quantile(counted.map(share), 0.95);
}

/** The long outage the issue asks about: 5 minutes. */
export const LONG_OUTAGE_S = 300;
/** Most requests a visible tab may cost in an outage of `s` seconds: a fifth of a 5 s reloader's. */
export const longOutageLimit = (s: number) => Math.floor(s / 5 / 5);
/** A background tab "about half" of a visible one: at most this share of its requests. */
export const BACKGROUND_SHARE_TARGET = 0.6;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'MISS');

export function evaluateTargets(r: Results): TargetResult[] {
  const { cells } = r.recovery;
  const outages = r.config.outagesS;
  const ours = (layout: Layout, s: number) => cellOf(cells, 'ours', layout, s)!;
  const share = (layout: Layout, s: number) => {
    const ms = ours(layout, s).recoveryMs;
    return ms === null ? null : ms / (s * 1000);
  };
  const targets: TargetResult[] = [];

  const target = `A 60 s outage costs the site at most ${BUDGET.max} requests (the site budget), with 1 or 10 tabs failing`;
  if (outages.includes(60)) {
    const one = ours('one-visible', 60).addedRequests;
    const ten = ours('ten-tabs', 60).addedRequests;
    targets.push({
      id: 'requests-60s',
      target,
      measured: `1 tab: ${one}, 10 tabs: ${ten}`,
      verdict: verdict(Math.max(one, ten) <= BUDGET.max),
    });
  } else {
    targets.push({ id: 'requests-60s', target, measured: 'no 60 s outage in this run', verdict: 'n/a' });
  }

  const visibleShares = outages.map((s) => share('one-visible', s));
  const mean = visibleShares.includes(null)
    ? null
    : (visibleShares as number[]).reduce((a, b) => a + b, 0) / visibleShares.length;
  targets.push({
    id: 'mean-share',
    target: 'Recovery on average at most 30 % of the outage (one visible tab)',
    measured: `${percent(mean)} (${outages.map((s, i) => `${s} s: ${percent(visibleShares[i]!)}`).join(', ')})`,
    verdict: verdict(mean !== null && mean <= 0.3),
  });

  const modelP95 = r.model.factors.find((m) => m.role === 'visible')!.p95Share;
  const counted = p95Runs(r.recovery.runs);
  const benchP95 = benchP95Share(r.recovery.runs);
  const lastTabP95 = benchP95Share(r.recovery.runs, shareOf);
  const p95Text = (x: number | null) => percent(x === Infinity ? null : x);
  targets.push({
    id: 'p95-share',
    target: `95th percentile of the recovery delay at most ${percent(P95_SHARE_TARGET)} of the outage, in the model (visible schedule, worst length 10–300 s) and in the benchmark (the tab the visitor looks at: one visible tab, the one in front of ten; every length and repeat)`,
    measured: `model ${percent(modelP95)}, benchmark ${p95Text(benchP95)} over ${counted.length} runs (each run's last tab, nine hidden ones of ten too: ${p95Text(lastTabP95)})`,
    verdict: verdict(modelP95 <= P95_SHARE_TARGET && benchP95 !== null && benchP95 <= P95_SHARE_TARGET),
  });

  // Both layouts are measured at the issue's lengths and the long ones.
  const paired = [...new Set([...outages, ...r.config.longOutagesS])].sort((a, b) => a - b);
  const pairs = paired.map((s) => ({
    s,
    visible: ours('one-visible', s),
    background: ours('background', s),
  }));
  // A background run whose tab the extension saw as shown measured the wrong thing.
  const shown = r.recovery.runs.filter((run) => run.layout === 'background' && (run.shownTabs ?? 0) > 0);
  // The model compares the schedules with the same jitter; measured runs each draw their own, so at
  // lengths where both schedules check at the same moment either may be back first: the benchmark is
  // judged on the mean share over the lengths.
  const capped = (s: number) => s >= DEFAULT_SETTINGS.maxDelaySeconds;
  const modelNotLater = r.model.versus
    .filter((v) => !capped(v.outageS))
    .every((v) => v.visibleNotLater === 1);
  const meanShare = (layout: 'one-visible' | 'background') => {
    const shares = pairs.map(
      (p) => (p[layout === 'one-visible' ? 'visible' : 'background'].recoveryMs ?? Infinity) / (p.s * 1000),
    );
    return shares.reduce((x, y) => x + y, 0) / shares.length;
  };
  const [visibleMean, backgroundMean] = [meanShare('one-visible'), meanShare('background')];
  const totalRequests = (which: 'visible' | 'background') =>
    pairs.reduce((n, p) => n + p[which].addedRequests, 0);
  targets.push({
    id: 'visible-first',
    target:
      'A visible tab is never back later than a background one with the same jitter (model, lengths under the cap) and sooner on average (benchmark); a background tab never costs more requests, and fewer in all',
    measured:
      `model: visible no later in ${r.model.versus
        .filter((v) => !capped(v.outageS))
        .map((v) => `${v.outageS} s: ${percent(v.visibleNotLater)}`)
        .join(', ')} of draws; ` +
      `mean share ${percent(visibleMean === Infinity ? null : visibleMean)} vs ${percent(backgroundMean === Infinity ? null : backgroundMean)}; ` +
      pairs
        .map(
          (p) =>
            `${p.s} s: ${backAfter(p.visible)} / ${p.visible.addedRequests} vs ${backAfter(p.background)} / ${p.background.addedRequests}`,
        )
        .join(', ') +
      (shown.length > 0 ? `; the background tab was shown in ${shown.length} runs` : ''),
    verdict: verdict(
      shown.length === 0 &&
        modelNotLater &&
        visibleMean < backgroundMean &&
        pairs.every((p) => p.background.addedRequests <= p.visible.addedRequests) &&
        totalRequests('background') < totalRequests('visible'),
    ),
  });

  // A shorter "long" outage (the quick run's stand-in) shows the counts but is not judged.
  const long = r.config.longOutagesS.length > 0 ? Math.max(...r.config.longOutagesS) : null;
  if (long !== null) {
    const visible = ours('one-visible', long).addedRequests;
    const background = ours('background', long).addedRequests;
    const fixed = cellOf(cells, 'fixed-interval', 'one-visible', long)!.addedRequests;
    const judged = long >= LONG_OUTAGE_S;
    targets.push({
      id: 'long-outage',
      target: `A ${long} s outage costs at most ${longOutageLimit(long)} requests with a visible tab (a fifth of a 5 s reloader's), and a background tab about half as many (at most ${percent(BACKGROUND_SHARE_TARGET)})`,
      measured: `visible ${visible}, background ${background} (fixed 5 s reloader: ${fixed})${judged ? '' : `; judged at ${LONG_OUTAGE_S} s only`}`,
      verdict: judged
        ? verdict(visible <= longOutageLimit(long) && background <= BACKGROUND_SHARE_TARGET * visible)
        : 'n/a',
    });
  } else {
    targets.push({
      id: 'long-outage',
      target: `A ${LONG_OUTAGE_S} s outage: requests with a visible and a background tab`,
      measured: 'no long outage in this run',
      verdict: 'n/a',
    });
  }

  const requests = (contender: 'ours' | 'fixed-interval', layout: Layout, s: number) =>
    cellOf(cells, contender, layout, s)!.addedRequests;
  const fewer = outages.map((s) => ({
    s,
    ours: requests('ours', 'one-visible', s),
    fixed: requests('fixed-interval', 'one-visible', s),
  }));
  targets.push({
    id: 'fewer-than-fixed',
    target: 'Fewer requests than the fixed 5 s reloader at every outage length (one tab)',
    measured: fewer.map((f) => `${f.s} s: ${f.ours} vs ${f.fixed}`).join(', '),
    verdict: verdict(fewer.every((f) => f.ours < f.fixed)),
  });
  const tenTimes = outages.map((s) => ({
    s,
    ours: requests('ours', 'ten-tabs', s),
    fixed: requests('fixed-interval', 'ten-tabs', s),
  }));
  targets.push({
    id: 'ten-x-fixed',
    target: '10× fewer requests than the fixed 5 s reloader with ten tabs, at every outage length',
    measured: tenTimes.map((f) => `${f.s} s: ${f.ours} vs ${f.fixed}`).join(', '),
    verdict: verdict(tenTimes.every((f) => f.fixed > 0 && f.fixed >= 10 * f.ours)),
  });

  const faster = outages.map((s) => ({
    s,
    ours: ours('one-visible', s),
    them: cellOf(cells, 'uncoordinated', 'one-visible', s)!,
  }));
  targets.push({
    id: 'faster-than-uncoordinated',
    target: 'Faster recovery than the uncoordinated retrier at every outage length (one tab)',
    measured: faster.map((f) => `${f.s} s: ${backAfter(f.ours)} vs ${backAfter(f.them)}`).join(', '),
    verdict: verdict(
      faster.every(
        (f) =>
          f.ours.recoveryMs !== null && (f.them.recoveryMs === null || f.ours.recoveryMs < f.them.recoveryMs),
      ),
    ),
  });

  targets.push({
    id: 'load-ratio',
    target: 'Normal browsing: median load-time ratio at most 1.02',
    measured: `${r.browsing.ratio.toFixed(3)} (${r.browsing.withMs} ms with, ${r.browsing.withoutMs} ms without)`,
    verdict: verdict(r.browsing.ratio <= 1.02),
  });

  // Issue 12: what Gateway Rescue adds over any webRequest listener (the control), measured in turns.
  const overControl = r.browsing.withMs / r.browsing.controlMs;
  targets.push({
    id: 'load-over-control',
    target: 'Normal browsing within 2 % of the control extension (one idle webRequest listener)',
    measured: `${overControl.toFixed(3)} (${r.browsing.withMs} ms with Gateway Rescue, ${r.browsing.controlMs} ms with the control)`,
    verdict: verdict(overControl <= 1.02),
  });

  targets.push({
    id: 'popup-paint',
    target: 'Popup first paint under 100 ms',
    measured: POPUP_CASES.map(([k, name]) => `${name} ${r.popup[k].firstPaintMs} ms`).join(', '),
    verdict: verdict(POPUP_CASES.every(([k]) => r.popup[k].firstPaintMs < 100)),
  });

  for (const entry of ['background', 'popup'] as const) {
    const size = r.bundle.find((b) => b.entry === entry)!;
    targets.push({
      id: `size-${entry}`,
      target: `${entry === 'background' ? 'Background script' : 'Popup'} under ${kb(BUDGET_BYTES[entry])} minified`,
      measured: `${kb(size.rawBytes)} (${kb(size.gzipBytes)} gzip)`,
      verdict: verdict(size.rawBytes < BUDGET_BYTES[entry]),
    });
  }
  return targets;
}
