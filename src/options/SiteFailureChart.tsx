import { WEEK_MS } from '../core/history-stats';
import { formatNumber, t, tn } from '../ui/i18n';
import { formatDay } from './labels';

const BAR = 10;
const GAP = 4;
const HEIGHT = 28;

interface Props {
  host: string;
  /** Incidents per week, oldest first, the last one ending now. */
  counts: number[];
  /** The highest count of all sites shown, so bars compare across sites. */
  scaleMax: number;
  now: number;
}

/** How often a site failed in each of the last weeks, as small bars. */
export function SiteFailureChart({ host, counts, scaleMax, now }: Props) {
  const total = counts.reduce((a, b) => a + b, 0);
  const label = tn('options_weeklyLabel', counts.length, [
    host,
    formatNumber(total),
    formatNumber(counts.at(-1) ?? 0),
  ]);
  const width = counts.length * (BAR + GAP) - GAP;
  return (
    <svg
      class="weekly-chart"
      width={width}
      height={HEIGHT}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {counts.map((count, i) => {
        const weekStart = now - (counts.length - i) * WEEK_MS;
        const h = count === 0 ? 1 : Math.max(3, (count / Math.max(1, scaleMax)) * HEIGHT);
        return (
          <rect
            key={weekStart}
            class={count === 0 ? 'bar-empty' : 'bar'}
            x={i * (BAR + GAP)}
            y={HEIGHT - h}
            width={BAR}
            height={h}
          >
            <title>{t('options_weekBarTitle', [formatDay(weekStart), formatNumber(count)])}</title>
          </rect>
        );
      })}
    </svg>
  );
}
