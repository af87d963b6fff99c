/** bench/recovery.svg: recovery time and requests during the outage against outage length, per contender. */
import { CONTENDER_NAMES, type Contender } from './browser.ts';
import type { RunConfig } from './results.ts';
import type { Layout } from './scenarios/recovery.ts';
import { cellOf, lengthsFor, type RecoveryCell } from './summary.ts';

const COLORS: Record<Exclude<Contender, 'none'>, string> = {
  ours: '#0b6bcb',
  'fixed-interval': '#c2410c',
  uncoordinated: '#7e22ce',
};
const PLOTTED = Object.keys(COLORS) as (keyof typeof COLORS)[];

const W = 440;
const H = 320;
const M = { left: 52, right: 16, top: 40, bottom: 74 };

/** A round axis maximum at or above `value`. */
function niceMax(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

interface Series {
  color: string;
  dashed: boolean;
  points: [number, number][];
}

function panel(
  x0: number,
  title: string,
  yLabel: string,
  xMax: number,
  series: Series[],
  guides: Series[],
): string {
  const yMax = niceMax(Math.max(1, ...[...series, ...guides].flatMap((s) => s.points.map((p) => p[1]))));
  const px = (x: number) => x0 + M.left + (x / xMax) * (W - M.left - M.right);
  const py = (y: number) => M.top + (1 - y / yMax) * (H - M.top - M.bottom);
  const ticks = (max: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const line = (s: Series) => {
    const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
    const dots = s.dashed
      ? ''
      : s.points
          .map(
            ([x, y]) => `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`,
          )
          .join('');
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>${dots}`;
  };
  return [
    `<text x="${x0 + M.left}" y="22" font-weight="bold">${title}</text>`,
    ...ticks(yMax).map(
      (y) =>
        `<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>` +
        `<text x="${px(0) - 6}" y="${py(y) + 4}" text-anchor="end">${+y.toFixed(1)}</text>`,
    ),
    ...ticks(xMax).map(
      (x) => `<text x="${px(x)}" y="${py(0) + 16}" text-anchor="middle">${+x.toFixed(1)}</text>`,
    ),
    `<text x="${(px(0) + px(xMax)) / 2}" y="${py(0) + 32}" text-anchor="middle">outage length (s)</text>`,
    `<text transform="translate(${x0 + 14},${(py(0) + py(yMax)) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
    ...guides.map((g) => line({ ...g, color: '#999' })),
    ...series.map(line),
  ].join('\n');
}

export function recoveryPlot(cells: RecoveryCell[], config: RunConfig): string {
  const xMax = Math.max(...lengthsFor(config, 'one-visible'));
  const points = (contender: Contender, layout: Layout, pick: (c: RecoveryCell) => number | null) =>
    lengthsFor(config, layout).flatMap((s): [number, number][] => {
      const value = pick(cellOf(cells, contender, layout, s)!);
      return value === null ? [] : [[s, value]];
    });
  const recovery = PLOTTED.map((c) => ({
    color: COLORS[c],
    dashed: false,
    points: points(c, 'one-visible', (cell) => (cell.recoveryMs === null ? null : cell.recoveryMs / 1000)),
  }));
  const guides = [0.3, 0.6].map((f) => ({
    color: '',
    dashed: true,
    points: [
      [0, 0],
      [xMax, xMax * f],
    ] as [number, number][],
  }));
  const requests = PLOTTED.flatMap((c) =>
    (['one-visible', 'ten-tabs'] as const).map((layout) => ({
      color: COLORS[c],
      dashed: layout === 'ten-tabs',
      points: points(c, layout, (cell) => cell.addedRequests),
    })),
  );
  const legend = PLOTTED.map(
    (c, i) =>
      `<rect x="${M.left + i * 190}" y="${H - 22}" width="14" height="4" fill="${COLORS[c]}"/>` +
      `<text x="${M.left + i * 190 + 20}" y="${H - 16}">${CONTENDER_NAMES[c]}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${2 * W} ${H}" width="${2 * W}" height="${H}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title desc">`,
    '<title id="title">Recovery time and requests during the outage against outage length</title>',
    '<desc id="desc">Left: seconds from the site coming back to the page content visible, one visible tab, medians; grey dashed lines mark 30 % and 60 % of the outage. Right: requests the retrier added during the outage, solid for one tab and dashed for ten tabs. Without an extension the page never recovers and no request is added.</desc>',
    `<rect width="${2 * W}" height="${H}" fill="#fff"/>`,
    panel(0, 'Recovery after the site is back (one visible tab)', 'seconds', xMax, recovery, guides),
    panel(W, 'Requests during the outage (solid 1 tab, dashed 10)', 'requests', xMax, requests, []),
    ...legend,
    `<text x="${2 * W - M.right}" y="${H - 16}" text-anchor="end">No extension: never recovers, 0 requests</text>`,
    '</svg>',
    '',
  ].join('\n');
}
