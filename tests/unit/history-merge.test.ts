import { describe, expect, it } from 'vitest';
import { CONTINUES_WITHIN_MS, withIncident, withPageBack } from '../../src/core/history-merge';
import type { Incident } from '../../src/core/recovery-state';

const T0 = 1_700_000_000_000;
const incident = (
  tabId: number,
  startedAt: number,
  endedAt: number,
  extra: Partial<Incident> = {},
): Incident => ({
  id: `${startedAt}-${tabId}`,
  host: 'shop.example',
  url: `https://shop.example/maintenance?retry=${startedAt}`,
  code: 503,
  method: 'GET',
  layer: 'unknown',
  startedAt,
  endedAt,
  attempts: 1,
  outcome: 'navigated',
  checks: [{ at: startedAt + 100, ok: false, status: 503, by: 'page' }],
  ...extra,
});

describe('the incident history', () => {
  it('folds a page retrying at new addresses into one entry per outage', () => {
    let items: Incident[] = [];
    // Every 0.7 s for a minute, then the retry that gets through.
    for (let n = 0; n < 85; n++) items = withIncident(items, incident(4, T0 + n * 700, T0 + n * 700 + 650));
    items = withIncident(items, incident(4, T0 + 85 * 700, T0 + 85 * 700 + 50, { outcome: 'recovered' }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: `${T0}-4`,
      startedAt: T0,
      outcome: 'recovered',
      endedAt: T0 + 85 * 700 + 50,
    });
    expect(items[0]?.checks).toHaveLength(86);
  });

  it('folds across other tabs ending meanwhile, and keeps separate what is separate', () => {
    const left = incident(4, T0, T0 + 10_000);
    const other = incident(9, T0 - 5000, T0 + 10_500, { outcome: 'recovered' });
    const again = incident(4, T0 + 11_000, T0 + 20_000, { outcome: 'gave-up' });
    const folded = withIncident([other, left], again);
    expect(folded.map((i) => i.id)).toEqual([`${T0}-4`, other.id]);
    expect(folded[0]).toMatchObject({ outcome: 'gave-up', startedAt: T0, url: again.url });

    const later = incident(4, T0 + 10_000 + CONTINUES_WITHIN_MS + 1, T0 + 30_000);
    const anotherTab = incident(5, T0 + 10_100, T0 + 30_000);
    const elsewhere = incident(4, T0 + 10_100, T0 + 30_000, { host: 'news.example' });
    const backThenFailed = incident(4, T0 + 10_100, T0 + 30_000);
    for (const next of [later, anotherTab, elsewhere]) expect(withIncident([left], next)).toHaveLength(2);
    // An entry that ended any other way than by leaving the page is never continued.
    expect(withIncident([{ ...left, outcome: 'recovered' }], backThenFailed)).toHaveLength(2);
  });
});

describe('a page that came back at a new address', () => {
  const left = incident(4, T0, T0 + 10_000);

  it('ends the entry it left as recovered, at the healthy load', () => {
    const items = withPageBack([left], 4, 'https://shop.example/maintenance?retry=99', T0 + 10_400);
    expect(items).toEqual([{ ...left, outcome: 'recovered', endedAt: T0 + 10_400 }]);
  });

  it('leaves alone another page, another tab, a late load and an entry that ended otherwise', () => {
    const cases: [Incident, number, string, number][] = [
      [left, 4, 'https://shop.example/', T0 + 10_400],
      [left, 4, 'https://news.example/maintenance', T0 + 10_400],
      [left, 5, 'https://shop.example/maintenance', T0 + 10_400],
      [left, 4, 'https://shop.example/maintenance', T0 + 10_000 + CONTINUES_WITHIN_MS + 1],
      [{ ...left, outcome: 'closed' }, 4, 'https://shop.example/maintenance', T0 + 10_400],
    ];
    for (const [entry, tab, url, at] of cases) {
      const items = [entry];
      expect(withPageBack(items, tab, url, at)).toBe(items);
    }
  });
});
