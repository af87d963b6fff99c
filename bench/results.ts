/** What one benchmark run measured: written to bench/results.json and rendered into BENCHMARKS.md. */

import type { BrowsingCost } from './scenarios/browsing-cost.ts';
import type { EntrySize } from './scenarios/bundle-size.ts';
import type { MemoryUse } from './scenarios/memory.ts';
import type { PopupTimes } from './scenarios/popup.ts';
import type { RecoveryRun } from './scenarios/recovery.ts';
import type { ScheduleModel } from './schedule-model.ts';
import type { RecoveryCell } from './summary.ts';

export interface RunConfig {
  mode: 'quick' | 'full';
  /** The outage lengths, measured in every layout; the targets are judged on these. */
  outagesS: number[];
  /** Lengths off the 5 s grid, one visible tab only: the rivals' 5 s steps line up with the issue's lengths. */
  extraOutagesS: number[];
  /**
   * Long outages (5 minutes in a full run), one visible and one background tab only, each
   * contender in its own browser alongside the other cases (see run.ts).
   */
  longOutagesS: number[];
  repeats: number;
  /** Most tabs open at once in a contender's browser (see scenarios/recovery.ts). */
  maxPages: number;
  /** Least time between two cases' returns, in any browser of the run (see scenarios/recovery.ts). */
  returnGapMs?: number;
  loads: number;
  profiledLoads: number;
  popupOpens: number;
}

export interface Results {
  config: RunConfig;
  startedAt: string;
  durationS: number;
  /** The 1-minute load average when the run started and ended: the machine is shared. */
  machine: { cpus: number; loadAverage: { start: number; end: number }; chromium: string; node: string };
  /** When each part started (s into the run) and the 1-minute load average then. */
  phases: { phase: string; atS: number; loadAverage: number }[];
  recovery: { runs: RecoveryRun[]; cells: RecoveryCell[] };
  browsing: BrowsingCost;
  popup: PopupTimes;
  bundle: EntrySize[];
  memory: MemoryUse;
  model: ScheduleModel;
  /** Layouts measured again since (`--layout`): their runs replaced the run's own, the rest is from the run. */
  remeasured?: { layout: RecoveryRun['layout']; startedAt: string; durationS: number; loadAverage: number }[];
}

export type Verdict = 'PASS' | 'MISS' | 'n/a';

export type TargetId =
  | 'requests-60s'
  | 'mean-share'
  | 'p95-share'
  | 'visible-first'
  | 'long-outage'
  | 'fewer-than-fixed'
  | 'ten-x-fixed'
  | 'faster-than-uncoordinated'
  | 'load-ratio'
  | 'load-over-control'
  | 'popup-paint'
  | 'size-background'
  | 'size-popup';

export interface TargetResult {
  id: TargetId;
  target: string;
  measured: string;
  verdict: Verdict;
}
