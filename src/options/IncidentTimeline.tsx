import { timelineMarks } from '../core/history-stats';
import type { Incident } from '../core/recovery-state';
import { formatDuration, formatNumber, t } from '../ui/i18n';

const WIDTH = 150;
const HEIGHT = 24;
const PAD = 6;
const MID = HEIGHT / 2;

/**
 * The checks of one incident on a time line from its start: a green dot for a check the site
 * answered, a red cross for one it failed, so the growing gaps of the backoff show at a glance.
 */
export function IncidentTimeline({ incident }: { incident: Incident }) {
  const { spanSeconds, marks } = timelineMarks(incident);
  if (marks.length === 0) return <span class="muted">{t('options_noChecks')}</span>;
  const failed = marks.filter((m) => !m.ok).length;
  const label = t('options_timelineLabel', [
    formatNumber(marks.length),
    formatDuration(spanSeconds * 1000),
    formatNumber(failed),
    formatNumber(marks.length - failed),
  ]);
  const x = (position: number) => PAD + position * (WIDTH - 2 * PAD);
  return (
    <svg
      class="timeline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <line class="axis" x1={PAD} y1={MID} x2={WIDTH - PAD} y2={MID} />
      <line class="axis" x1={PAD} y1={MID - 5} x2={PAD} y2={MID + 5} />
      {marks.map((m, i) =>
        m.ok ? (
          <circle key={i} class="mark-ok" cx={x(m.position)} cy={MID} r={4.5} />
        ) : (
          <path key={i} class="mark-failed" d={`M${x(m.position) - 3.5} ${MID - 3.5}l7 7m0 -7l-7 7`} />
        ),
      )}
    </svg>
  );
}
