/**
 * The prose of BENCHMARKS.md that explains the numbers: why a target was missed, what the outage
 * lengths favour, and how the engine's defaults follow from the schedule. Every number in it comes
 * from the run's results or from the seeded schedule model, never typed in by hand.
 */
import { DEFAULT_BACKOFF } from '../src/core/backoff.ts';
import type { Contender } from './browser.ts';
import { backAfter, percent, seconds } from './format.ts';
import type { Results, TargetId, TargetResult } from './results.ts';
import { LAYOUT_NAMES, type Layout, type RecoveryRun } from './scenarios/recovery.ts';
import { nominalCheckTimesS } from './schedule-model.ts';
import { medianOrNever } from './stats.ts';
import { cellOf, lengthsFor } from './summary.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function cell(r: Results, contender: Contender, layout: Layout, s: number) {
  return cellOf(r.recovery.cells, contender, layout, s)!;
}

/** The fastest and slowest of the repeats, to show how far jitter spreads one length's result. */
function spread(r: Results, layout: Layout, s: number): string {
  const times = r.recovery.runs
    .filter((run) => run.contender === 'ours' && run.layout === layout && run.outageS === s)
    .map((run) => run.recoveryMs);
  const known = times.filter((t): t is number => t !== null);
  if (known.length === 0) return 'never';
  const never = times.length - known.length;
  return `${seconds(Math.min(...known))} to ${seconds(Math.max(...known))}${never ? ` (and ${never} not back within the bound)` : ''}`;
}

/** Median time between the first and the last of ten tabs coming back. */
function tabSpread(r: Results, contender: Contender, s: number): string {
  const gaps = r.recovery.runs
    .filter((run) => run.contender === contender && run.layout === 'ten-tabs' && run.outageS === s)
    .map((run) =>
      run.recoveryMs === null || run.firstTabMs === null ? null : run.recoveryMs - run.firstTabMs,
    );
  const gap = medianOrNever(gaps);
  return gap === null ? 'more than the bound' : seconds(gap);
}

const model = (r: Results, factor: number) => r.model.find((m) => m.factor === factor)!;

/** The issue's lengths are multiples of the rivals' 5 s step; the off-grid lengths show what that hides. */
export function phaseNote(r: Results): string {
  const extra = r.config.extraOutagesS;
  if (extra.length === 0) return '';
  const rows = extra
    .map(
      (s) =>
        `${s} s: fixed ${backAfter(cell(r, 'fixed-interval', 'one-visible', s))}, ` +
        `uncoordinated ${backAfter(cell(r, 'uncoordinated', 'one-visible', s))}, ` +
        `Gateway Rescue ${backAfter(cell(r, 'ours', 'one-visible', s))}`,
    )
    .join('; ');
  return `**Phase luck.** The issue's lengths (${r.config.outagesS.join(', ')} s) are multiples of the
rivals' step. The fixed reloader reloads 5 s after each failed load, so its reload lands just after
the return at every one of them; the uncoordinated retrier reloads 5, 15, 35 and 75 s after the first
failure (plus up to 2.5 s each), which suits 5 and 15 s. Lengths off that grid show the price of a
fixed step: ${rows}. A reloader's delay after the return is spread between zero and its current step.`;
}

type Note = (r: Results, t: TargetResult) => string;

const NOTES: Partial<Record<TargetId, Note>> = {
  'mean-share': (r) => {
    const m = model(r, DEFAULT_BACKOFF.factor);
    const lengths = r.config.outagesS.map((s) => `${s} s: ${spread(r, 'one-visible', s)}`).join('; ');
    return `**Recovery share.** With a growing wait the next check after the return comes, on average,
(factor − 1) / ln(factor) − 1 of the outage later: ${percent(m.spreadMeanShare)} for 1.6 over a spread of
lengths, ${percent(m.benchMeanShare)} at exactly the benchmark's lengths, in the model. ${r.config.repeats} repeat${r.config.repeats === 1 ? '' : 's'} per
length${r.config.repeats === 1 ? ' is' : 's are'} few against ±20 % jitter on every wait, which compounds: the repeats ranged ${lengths}.
Short outages also carry a fixed cost: a check, the reload and the first paint take a few hundred
milliseconds, a large share of 5 s.`;
  },
  'max-share': (r) => {
    const m = model(r, DEFAULT_BACKOFF.factor);
    const narrow = model(r, 1.45);
    const share = (run: RecoveryRun) => (run.recoveryMs ?? Number.POSITIVE_INFINITY) / (run.outageS * 1000);
    const worst = r.recovery.runs
      .filter((run) => run.contender === 'ours')
      .reduce((w, run) => (share(run) > share(w) ? run : w));
    return `**Worst case.** The targets judge medians; the slowest single run of Gateway Rescue waited
${worst.recoveryMs === null ? 'past the bound' : percent(share(worst))} of its outage (${worst.outageS} s, ${LAYOUT_NAMES[worst.layout]}). Without jitter the worst wait after the return is factor − 1 of the outage:
exactly 60 % for 1.6. Jitter of ±20 % on each wait pushes the tail beyond that: in the model the
95th-percentile wait is ${percent(m.p95Share)} of the outage for 1.6, and only a factor of about 1.45
(${percent(narrow.p95Share)}) keeps it under 60 %. For example, when the check due at about 5 s comes a moment
before a 5 s outage ends, the next one is about 4 s away: 80 % of the outage.`;
  },
  'visible-first': () =>
    `**Visible and background tabs.** The engine keeps one schedule per site for all its tabs,
visible or not, and checks at once when the visitor switches to a failing tab. A tab that stays in
the background (as in this layout) is checked on the same schedule as a visible one, so the two
differ only by jitter, in either direction. The switch-time check is where a visible tab gains, and
this layout never switches. Headless Chromium also paints background tabs, so their content is dated
like a visible one.`,
  'fewer-than-fixed': (r) => {
    const counts = r.config.outagesS.map((s) => ({
      s,
      ours: cell(r, 'ours', 'one-visible', s).addedRequests,
      fixed: cell(r, 'fixed-interval', 'one-visible', s).addedRequests,
    }));
    const m = model(r, DEFAULT_BACKOFF.factor);
    const tenTabs = r.config.outagesS
      .map((s) => ({
        ours: cell(r, 'ours', 'ten-tabs', s).addedRequests,
        fixed: cell(r, 'fixed-interval', 'ten-tabs', s).addedRequests,
      }))
      .filter((c) => c.fixed > 0);
    const tenTabsWin = tenTabs.every((c) => c.ours < c.fixed);
    return `**Requests from one tab.** Gateway Rescue's first checks come at about ${nominalCheckTimesS(6).join(', ')} s
after the failure: during the first half minute it looks about as often as a 5 s reloader, on
purpose, to bring short outages back quickly. Measured (ours vs fixed): ${counts.map((c) => `${c.s} s: ${c.ours} vs ${c.fixed}`).join(', ')}.
${counts[0]!.fixed === 0 ? `The fixed reloader sends nothing in a ${counts[0]!.s} s outage: its first reload comes at 5 s. ` : ''}Beyond half
a minute the waits grow past 5 s and the gap opens: in the model a 5 min outage costs
${m.checks[300]} checks against about ${300 / 5} reloads. Meeting this target at every length would mean no
look before 5 s, which costs short outages their quick recovery (see the first-check trade-off
below).${tenTabsWin ? ' With ten tabs the coordination wins at every length where the reloader sends anything.' : ''}`;
  },
  'ten-x-fixed': (r) => {
    const longest = Math.max(...r.config.outagesS);
    const ours = cell(r, 'ours', 'ten-tabs', longest).addedRequests;
    const fixed = cell(r, 'fixed-interval', 'ten-tabs', longest).addedRequests;
    const shortest = Math.min(...r.config.outagesS);
    return `**Ten tabs.** One check per site serves all ten tabs, so Gateway Rescue's count does not grow
with the tabs while the fixed reloader's grows tenfold: at ${longest} s ${ours} against ${fixed}
(${ours === 0 ? '∞' : `${(fixed / ours).toFixed(0)}×`}).${
      cell(r, 'fixed-interval', 'ten-tabs', shortest).addedRequests === 0
        ? ` At ${shortest} s the fixed reloader has not reloaded yet, as above.`
        : ''
    }`;
  },
  'faster-than-uncoordinated': (r) => {
    const rows = lengthsFor(r.config, 'one-visible').map((s) => ({
      s,
      ours: cell(r, 'ours', 'one-visible', s),
      them: cell(r, 'uncoordinated', 'one-visible', s),
    }));
    const wins = rows.filter(
      (x) =>
        x.ours.recoveryMs !== null && (x.them.recoveryMs === null || x.ours.recoveryMs < x.them.recoveryMs),
    ).length;
    const longest = Math.max(...r.config.outagesS);
    return `**Against the uncoordinated retrier.** Whichever looks first after the return wins. The retrier
looks 5, 15, 35 and 75 s after the failure (each step plus up to 2.5 s), Gateway Rescue at about
${nominalCheckTimesS(8).join(', ')} s, so each has outage lengths that suit it; over the ${rows.length} lengths
with one visible tab Gateway Rescue was back first at ${wins}
(${rows.map((x) => `${x.s} s: ${backAfter(x.ours)} vs ${backAfter(x.them)}`).join(', ')}). With ten tabs and a
${longest} s outage the retrier sent ${cell(r, 'uncoordinated', 'ten-tabs', longest).addedRequests} requests against
${cell(r, 'ours', 'ten-tabs', longest).addedRequests}, and its tabs came back over ${tabSpread(r, 'uncoordinated', longest)}
(first to last, median) against ${tabSpread(r, 'ours', longest)}.`;
  },
  'load-ratio': (r) => {
    const b = r.browsing;
    const top = b.workerCpu.top.map((f) => `\`${f.name}\` ${f.msPerNavigation} ms`).join(', ');
    return `**Normal browsing.** Gateway Rescue's ratio was ${b.ratio.toFixed(3)} (sessions ${b.sessionRatios
      .map((x) => x.toFixed(3))
      .join(' and ')}); the control, an extension whose only code is one webRequest listener that returns at
once on a healthy page, measured ${b.controlRatio.toFixed(3)}. ${
      b.controlRatio - 1 >= (b.ratio - 1) / 2
        ? 'Most of the cost is Chromium routing request events to an extension at all, which any webRequest-based reloader pays; what Gateway Rescue adds is the difference between the two.'
        : "Most of the cost is Gateway Rescue's own: the control costs less than half as much."
    } Its worker spent ${b.workerCpu.msPerNavigation} ms of CPU per
navigation (most self time: ${top}), for the main-frame listeners (webRequest with response
headers, tabs.onUpdated) that pass every load through its state queue even when nothing fails.`;
  },
  'popup-paint': (r) =>
    `**Popup paint.** The first frame already holds the content (first paint and largest contentful
paint are ${r.popup.failing.firstPaintMs} and ${r.popup.failing.largestContentfulPaintMs} ms over a failing tab). It comes after the module
scripts have run (DOMContentLoaded at ${r.popup.failing.domContentLoadedMs} ms) and the tab's view has been read from storage; a stopped
service worker does not delay it (${r.popup.failingWorkerStopped.firstPaintMs} ms), as the popup asks the background nothing before it.`,
  'size-popup': (r) => {
    const popup = r.bundle.find((e) => e.entry === 'popup')!;
    return `**Popup size.** ${kb(popup.rawBytes)} minified across ${popup.files.length} files (see Size below);
${kb(popup.gzipBytes)} gzip at open, shared chunks included; ${kb(popup.lazyRawBytes ?? 0)} more loads only when a fix that needs it is opened.`;
  },
};

export function missNotes(r: Results, targets: TargetResult[]): string[] {
  const notes: string[] = [];
  // Explained whatever the verdict: a PASS of the visible/background comparison is luck too, and
  // the worst case is what the defaults section weighs.
  const always: TargetId[] = ['visible-first', 'max-share'];
  for (const t of targets) {
    const note = NOTES[t.id];
    if (note && (t.verdict === 'MISS' || always.includes(t.id))) notes.push(note(r, t));
  }
  return notes;
}

const more = (n: number) => `${n} more check${n === 1 ? '' : 's'}`;

export function defaultsSection(
  r: Results,
  table: (header: string[], rows: (string | number)[][]) => string,
): string {
  const m16 = model(r, DEFAULT_BACKOFF.factor);
  const m13 = model(r, 1.3);
  const m145 = model(r, 1.45);
  const m2 = model(r, 2);
  const first = r.config.outagesS[0]!;
  // The first wait (0-based) that the cap cuts short.
  const cappedFrom = Math.ceil(
    Math.log(DEFAULT_BACKOFF.capMs / DEFAULT_BACKOFF.baseMs) / Math.log(DEFAULT_BACKOFF.factor),
  );
  const modelTable = table(
    [
      'Factor',
      'Checks in a 5 / 15 / 30 / 60 s / 5 min outage',
      'Mean wait after return (benchmark lengths)',
      'Mean wait (5 s–5 min spread)',
      '95th-percentile wait, worst length',
      'Last check after',
    ],
    r.model.map((m) => [
      m.factor === DEFAULT_BACKOFF.factor ? `**${m.factor} (default)**` : m.factor,
      Object.values(m.checks).join(' / '),
      percent(m.benchMeanShare),
      percent(m.spreadMeanShare),
      percent(m.p95Share),
      `${m.givesUpAfterMin} min`,
    ]),
  );
  const measured = table(
    ['Outage', 'Checks measured (1 tab / 10 tabs)', 'Checks in the model', 'Back after, measured (1 tab)'],
    r.config.outagesS.map((s) => [
      `${s} s`,
      `${cell(r, 'ours', 'one-visible', s).addedRequests} / ${cell(r, 'ours', 'ten-tabs', s).addedRequests}`,
      m16.checks[s] ?? '–',
      backAfter(cell(r, 'ours', 'one-visible', s)),
    ]),
  );
  return `The engine checks a failing site about 1 s after the failure, then waits 1.6 times longer after
each check (±20 % jitter, at most 120 s, 20 checks). The table plays that schedule out with the
engine's own \`backoffDelayMs\` for other growth factors (\`bench/schedule-model.ts\`, seeded, so it is
the same in every run); the measured rows below check it against the browser.

${modelTable}

${measured}

- **Growth 1.6.** The load target (at most 10 requests in a 60 s outage) rules out slow growth:
  1.3 needs ${m13.checks[60]} checks. The recovery target (on average at most 30 % of the outage) rules
  out fast growth: 2.0 waits ${percent(m2.spreadMeanShare)} on average. Between them, 1.6 sends
  ${m16.checks[60]} checks in a minute and ${m16.checks[300]} in five, against ${m145.checks[60]} and
  ${m145.checks[300]} for 1.45, for a mean wait of ${percent(m16.spreadMeanShare)} against
  ${percent(m145.spreadMeanShare)}. The default stays at 1.6, the growth gRPC uses: it keeps the load
  target with room and the mean wait at the 30 % target. Its tail misses the 60 % target
  (95th percentile ${percent(m16.p95Share)}, see "Worst case" above); 1.45 would meet it
  (${percent(m145.p95Share)}) for ${more(m145.checks[60]! - m16.checks[60]!)} in a one-minute outage and
  ${more(m145.checks[300]! - m16.checks[300]!)} in five minutes, which is the change to make if the worst case
  matters more than the site's load. The engine does not expose the factor as a setting,
  so the comparison comes from the model, which the measured counts above follow.
- **First check after 1 s.** An upstream that restarts or a deploy that switches over can fail for
  a few seconds only. The first checks at about 1 and 2.6 s bring such a page back soon after the
  site (${backAfter(cell(r, 'ours', 'one-visible', first))} after a ${first} s outage here), for the
  ${cell(r, 'ours', 'one-visible', first).addedRequests} requests it costs; the fixed reloader sends
  ${cell(r, 'fixed-interval', 'one-visible', first).addedRequests} there and comes back on its 5 s tick.
- **Jitter ±20 %.** Visitors of a failing site meet the error at nearly the same moment; without
  jitter their checks would stay in lockstep and arrive together at the recovering server. ±20 %
  spreads them by a fifth of each wait, at the cost of the worst case above.
- **Cap 120 s, 20 checks.** The wait stops growing at 2 minutes, from wait number ${cappedFrom + 1} on, so a
  long outage costs at most one request every 2 minutes per visitor and the page is back at most
  about 2 minutes after the site. Twenty checks last ${m16.givesUpAfterMin} min; past that the visitor has
  most likely left, and can start the checks again from the popup.`;
}
