/** Real-web scenarios that read the same in every browser: each test file supplies its driver. */
import { expect } from 'vitest';
import type { RealWebServer } from './real-web-server';
import { sleep, waitFor } from './wait';

export interface TabDriver<P> {
  open(url: string): Promise<P>;
  bringToFront(page: P): Promise<void>;
  /** The page's `#state` text, or null while it is in transit. */
  stateText(page: P): Promise<string | null>;
}

/**
 * Three waiting tabs of a site whose pages end their load only with a 2.5 s image: once the site is
 * back, the tab in front is reloaded first, the two hidden ones only once it has shown its page, and
 * never more than about 1 s after it.
 */
export async function frontTabFirst<P>(shop: RealWebServer, driver: TabDriver<P>): Promise<void> {
  const tabs: P[] = [];
  for (const n of [1, 2, 3]) tabs.push(await driver.open(shop.url(`/heavy/${n}`)));
  await driver.bringToFront(tabs[2]!);
  await sleep(300);
  const back = Date.now();
  shop.recover();
  for (const [i, page] of tabs.entries()) {
    await waitFor(
      `tab ${i + 1} back`,
      () => driver.stateText(page),
      (t) => t === `ok /heavy/${i + 1}`,
      15_000,
    );
  }
  const loads = shop.requests.filter((r) => r.document && r.at >= back && r.path.startsWith('/heavy/'));
  expect(loads.map((r) => r.path)).toHaveLength(3);
  expect(loads[0]!.path).toBe('/heavy/3');
  for (const follower of loads.slice(1)) {
    expect(follower.at - loads[0]!.at).toBeGreaterThanOrEqual(900);
    expect(follower.at - loads[0]!.at).toBeLessThan(2000);
  }
}
