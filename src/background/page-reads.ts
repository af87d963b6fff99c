/**
 * Reads of a failed page that may move its site's first check (a `<meta http-equiv="refresh">`):
 * checks wait for the ones under way, so a busy machine that shows the page late does not let the
 * first check (after about 1.5 s) get in before the page's own refresh is known. Never longer than
 * READS_WAIT_MS: a page that never answers the read holds no check up for good.
 */
const READS_WAIT_MS = 2500;
const pending = new Set<Promise<unknown>>();

export function whileReading<T>(read: Promise<T>): Promise<T> {
  pending.add(read);
  void read.finally(() => pending.delete(read)).catch(() => {});
  return read;
}

export function readsSettled(): Promise<unknown> {
  if (pending.size === 0) return Promise.resolve();
  return Promise.race([
    Promise.allSettled([...pending]),
    new Promise((resolve) => setTimeout(resolve, READS_WAIT_MS)),
  ]);
}
