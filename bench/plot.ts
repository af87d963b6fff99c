/**
 * bench/recovery.svg: recovery time (top) and requests during the outage (bottom) against outage
 * length, for one tab (left) and ten tabs (right), one line per contender.
 */
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
const H = 290;
const M = { left: 52, right: 44, top: 34, bottom: 46 };
const LEGEND = 40;

/** A round axis maximum at or above `value`. */
function niceMax(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

interface Series {
  color: string;
  /** null: not back within the bound, drawn as a triangle at the top with a gap in the line. */
  points: [number, number | null][];
  /** A label at the line's end (the guides' "30 %"), else the last value. */
  label?: string;
  guide?: boolean;
}

interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
}

function drawPanel(x0: number, y0: number, xMax: number, { title, yLabel, series }: Panel): string {
  const known = (s: Series) => s.points.filter((p): p is [number, number] => p[1] !== null);
  const yMax = niceMax(
    Math.max(1, ...series.filter((s) => !s.guide).flatMap((s) => known(s).map((p) => p[1]))),
  );
  const px = (x: number) => x0 + M.left + (x / xMax) * (W - M.left - M.right);
  const py = (y: number) => y0 + M.top + (1 - Math.min(y, yMax) / yMax) * (H - M.top - M.bottom);
  // Fifths suit the round maxima of niceMax; quarters suit outage lengths up to 60 s.
  const ticks = (max: number) => [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) => f * max);
  const line = (s: Series) => {
    const color = s.guide ? '#999' : s.color;
    const d = s.points
      .map(([x, y], i) => {
        if (y === null) return '';
        const move = i === 0 || s.points[i - 1]![1] === null;
        return `${move ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`;
      })
      .join('');
    const dots = s.guide
      ? ''
      : s.points
          .map(([x, y]) =>
            y === null
              ? `<path d="M${px(x) - 5},${py(yMax) + 10}l5,-9l5,9z" fill="${color}"/>`
              : `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${color}"/>`,
          )
          .join('');
    const dash = s.guide ? ' stroke-dasharray="5 4"' : '';
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${s.guide ? 1 : 2}"${dash}/>${dots}`;
  };
  // End labels, pushed apart where lines end close together.
  const labels = series
    .filter((s) => known(s).length > 0)
    .map((s) => {
      const [x, y] = known(s).at(-1)!;
      return {
        x: px(x) + 5,
        y: py(y) + 4,
        text: s.label ?? `${+y.toFixed(1)}`,
        color: s.guide ? '#999' : s.color,
      };
    })
    .sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + 12);
  return [
    `<text x="${x0 + M.left}" y="${y0 + 20}" font-weight="bold">${title}</text>`,
    ...ticks(yMax).map(
      (y) =>
        `<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>` +
        `<text x="${px(0) - 6}" y="${py(y) + 4}" text-anchor="end">${+y.toFixed(1)}</text>`,
    ),
    ...[0, 0.25, 0.5, 0.75, 1]
      .map((f) => f * xMax)
      .map((x) => `<text x="${px(x)}" y="${py(0) + 16}" text-anchor="middle">${+x.toFixed(1)}</text>`),
    `<text x="${(px(0) + px(xMax)) / 2}" y="${py(0) + 32}" text-anchor="middle">outage length (s)</text>`,
    `<text transform="translate(${x0 + 14},${(py(0) + py(yMax)) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
    ...series.map(line),
    ...labels.map(
      (l) => `<text x="${l.x.toFixed(1)}" y="${l.y.toFixed(1)}" fill="${l.color}">${l.text}</text>`,
    ),
  ].join('\n');
}

export function recoveryPlot(cells: RecoveryCell[], config: RunConfig): string {
  // The long outages would squash the short ones into a corner: they are in the tables only.
  const lengths = (layout: Layout) => lengthsFor(config, layout, { long: false });
  const xMax = Math.max(...lengths('one-visible'));
  const series = (layout: Layout, pick: (c: RecoveryCell) => number | null): Series[] =>
    PLOTTED.map((contender) => ({
      color: COLORS[contender],
      points: lengths(layout).map((s): [number, number | null] => [
        s,
        pick(cellOf(cells, contender, layout, s)!),
      ]),
    }));
  const guides = [0.3, 0.6].map(
    (f): Series => ({
      color: '',
      guide: true,
      label: `${f * 100} %`,
      points: [
        [0, 0],
        [xMax, xMax * f],
      ],
    }),
  );
  const seconds = (c: RecoveryCell) => (c.recoveryMs === null ? null : c.recoveryMs / 1000);
  const requests = (c: RecoveryCell) => c.addedRequests;
  const panels: Panel[] = [
    {
      title: 'Back after the site returns: one visible tab',
      yLabel: 'seconds',
      series: [...guides, ...series('one-visible', seconds)],
    },
    {
      title: 'Back after the site returns: all of ten tabs',
      yLabel: 'seconds',
      series: [...guides, ...series('ten-tabs', seconds)],
    },
    {
      title: 'Requests during the outage: one tab',
      yLabel: 'requests',
      series: series('one-visible', requests),
    },
    {
      title: 'Requests during the outage: ten tabs',
      yLabel: 'requests',
      series: series('ten-tabs', requests),
    },
  ];
  const height = 2 * H + LEGEND;
  const legend = PLOTTED.map(
    (c, i) =>
      `<rect x="${M.left + i * 190}" y="${height - 26}" width="14" height="4" fill="${COLORS[c]}"/>` +
      `<text x="${M.left + i * 190 + 20}" y="${height - 20}">${CONTENDER_NAMES[c]}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${2 * W} ${height}" width="${2 * W}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title desc">`,
    '<title id="title">Recovery time and requests during the outage against outage length</title>',
    '<desc id="desc">Medians per outage length. Top: seconds from the site coming back until the page content is visible, for one visible tab and for the last of ten tabs; grey dashed lines mark 30 % and 60 % of the outage, a triangle at the top a page not back within the bound. Bottom: requests the retrier added during the outage, for one tab and for ten tabs. Without an extension the page never comes back and no request is added.</desc>',
    `<rect width="${2 * W}" height="${height}" fill="#fff"/>`,
    ...panels.map((p, i) => drawPanel((i % 2) * W, Math.floor(i / 2) * H, xMax, p)),
    ...legend,
    `<text x="${2 * W - 16}" y="${height - 20}" text-anchor="end">No extension: never back, 0 requests</text>`,
    '</svg>',
    '',
  ].join('\n');
}
