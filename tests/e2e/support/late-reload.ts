/**
 * Issue 21's visitor reload late in an outage, in whichever browser: the reload is a look, not a
 * reason to wait longer than the schedule already did. `page` shows the failing site (maxDelaySeconds
 * 60, so the cap is far from the schedule's wait).
 */
import { expect } from 'vitest';
import type { TestServer } from './test-server';
import { waitFor } from './wait';

export async function lateReloadKeepsTheWait(server: TestServer, page: { reload(): Promise<unknown> }) {
  // The curve's checks come at about 1.5, 3.8 and 7.1 s; the wait after the third is 5.1 s at most.
  await waitFor(
    'three checks',
    async () => server.checks().length,
    (n) => n >= 3,
    20_000,
  );
  await page.reload();
  const reloadedAt = Date.now();
  const next = await waitFor(
    'the next check',
    async () => server.checks(reloadedAt)[0]?.at,
    (at) => at !== undefined,
    20_000,
  );
  // Jitter only shortens a wait; taken as a reason to wait, the reload moved the check to the 60 s cap.
  expect(next! - reloadedAt).toBeLessThan(1500 * 1.5 ** 3 + 1500);
}
