/** The targets of issue 6, each checked against a run: PASS or MISS (a finding, not a failure). */

import { backAfter, percent } from './format.ts';
import type { Results, TargetResult, Verdict } from './results.ts';
import { BUDGET_BYTES } from './scenarios/bundle-size.ts';
import { POPUP_CASES } from './scenarios/popup.ts';
import type { Layout } from './scenarios/recovery.ts';
import { cellOf } from './summary.ts';

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

  const target = 'A 60 s outage costs the site at most 10 requests, with 1 or 10 tabs failing';
  if (outages.includes(60)) {
    const one = ours('one-visible', 60).addedRequests;
    const ten = ours('ten-tabs', 60).addedRequests;
    targets.push({
      id: 'requests-60s',
      target,
      measured: `1 tab: ${one}, 10 tabs: ${ten}`,
      verdict: verdict(Math.max(one, ten) <= 10),
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

  const layouts: Layout[] = ['one-visible', 'ten-tabs', 'background'];
  const all = layouts.flatMap((layout) => outages.map((s) => ({ layout, s, share: share(layout, s) })));
  const worst = all.reduce((w, c) => ((c.share ?? Infinity) > (w.share ?? Infinity) ? c : w));
  targets.push({
    id: 'max-share',
    target: 'Recovery never more than 60 % of the outage (any layout)',
    measured: `worst ${percent(worst.share)} (${worst.s} s outage, ${worst.layout})`,
    verdict: verdict(worst.share !== null && worst.share <= 0.6),
  });

  const pairs = outages.map((s) => ({
    s,
    visible: ours('one-visible', s),
    background: ours('background', s),
  }));
  targets.push({
    id: 'visible-first',
    target: 'A visible tab recovers faster than a background one, at every outage length',
    measured: pairs.map((p) => `${p.s} s: ${backAfter(p.visible)} vs ${backAfter(p.background)}`).join(', '),
    verdict: verdict(
      pairs.every(
        (p) =>
          p.visible.recoveryMs !== null &&
          (p.background.recoveryMs === null || p.visible.recoveryMs < p.background.recoveryMs),
      ),
    ),
  });

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
