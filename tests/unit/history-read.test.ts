import { describe, expect, it } from 'vitest';
import { readIncidents } from '../../src/core/history-read';
import type { Incident } from '../../src/core/recovery-state';

const good: Incident = {
  id: 'x',
  host: 'example.com',
  url: 'https://example.com/',
  code: 502,
  method: 'GET',
  layer: 'unknown',
  startedAt: 1000,
  endedAt: 2000,
  attempts: 1,
  outcome: 'recovered',
  checks: [{ at: 1500, ok: true, status: 200 }],
};

describe('readIncidents', () => {
  it('keeps incidents the page can show, in their order', () => {
    const second = { ...good, id: 'y' };
    expect(readIncidents([good, second])).toEqual([good, second]);
  });

  it('skips entries of another shape instead of failing', () => {
    const stored = [
      null,
      'text',
      { ...good, host: 42 },
      { ...good, startedAt: 'yesterday' },
      { ...good, checks: [{ at: 'soon' }] },
      { ...good, checks: undefined },
      good,
    ];
    expect(readIncidents(stored)).toEqual([good]);
  });

  it('reads nothing from a missing or broken history', () => {
    expect(readIncidents(undefined)).toEqual([]);
    expect(readIncidents({ 0: good })).toEqual([]);
  });
});
