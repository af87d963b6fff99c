/** How times and shares are written in the report and on stdout. */
import { boundMs } from './scenarios/recovery.ts';
import type { RecoveryCell } from './summary.ts';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const percent = (share: number | null) =>
  share === null ? 'not back within the bound' : `${Math.round(share * 100)} %`;

/**
 * A cell's recovery time; past the bound "> N s", except without an extension, which never reloads an
 * HTTP error (Chromium does reload a refused connection by itself, later than the bound).
 */
export function backAfter(cell: RecoveryCell): string {
  if (cell.recoveryMs !== null) return seconds(cell.recoveryMs);
  return cell.contender === 'none' && cell.layout !== 'refused'
    ? 'never'
    : `> ${seconds(boundMs(cell.outageS))}`;
}
