import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, exportFileName, historyToCsv, historyToJson } from '../../src/core/history-export';
import type { Incident } from '../../src/core/recovery-state';

const start = Date.UTC(2025, 2, 14, 9, 30, 0);
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 'i1',
  host: 'example.com',
  url: 'https://example.com/shop',
  code: 502,
  method: 'GET',
  layer: 'cloudflare',
  startedAt: start,
  endedAt: start + 42_400,
  attempts: 3,
  outcome: 'recovered',
  checks: [
    { at: start + 1000, ok: false, status: 502 },
    { at: start + 3000, ok: false, status: null },
    { at: start + 42_000, ok: true, status: 200 },
  ],
  ...over,
});

/** A small RFC 4180 reader, so the test checks what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('historyToJson', () => {
  it('reads back as the same incidents', () => {
    const list = [incident(), incident({ id: 'i2', outcome: 'gave-up', checks: [] })];
    expect(JSON.parse(historyToJson(list))).toEqual(list);
  });
});

describe('historyToCsv', () => {
  it('has a header and one row per incident with times in UTC and counts of checks', () => {
    const rows = parseCsv(historyToCsv([incident()]));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(row).toEqual({
      started: '2025-03-14T09:30:00.000Z',
      ended: '2025-03-14T09:30:42.400Z',
      duration_seconds: '42',
      host: 'example.com',
      url: 'https://example.com/shop',
      code: '502',
      failure: '',
      method: 'GET',
      layer: 'cloudflare',
      layer_confidence: 'sure',
      attempts: '3',
      outcome: 'recovered',
      answered_with: '',
      checks: '3',
      checks_failed: '2',
    });
    expect(rows).toHaveLength(2);
  });

  it('names the kind of a load that got no answer beside its code 0', () => {
    const rows = parseCsv(historyToCsv([incident({ code: 0, failure: 'dns' })]));
    expect(rows[1]![CSV_COLUMNS.indexOf('code')]).toBe('0');
    expect(rows[1]![CSV_COLUMNS.indexOf('failure')]).toBe('dns');
  });

  it('says when the layer was only probably the one that wrote the error', () => {
    const rows = parseCsv(historyToCsv([incident({ layer: 'heroku', confidence: 'probable' })]));
    expect(rows[1]!.slice(CSV_COLUMNS.indexOf('layer'), CSV_COLUMNS.indexOf('layer') + 2)).toEqual([
      'heroku',
      'probable',
    ]);
  });

  it('says what the site answered instead when that was another error', () => {
    const rows = parseCsv(historyToCsv([incident({ outcome: 'answered-other', answeredWith: 500 })]));
    expect(rows[1]![CSV_COLUMNS.indexOf('outcome')]).toBe('answered-other');
    expect(rows[1]![CSV_COLUMNS.indexOf('answered_with')]).toBe('500');
  });

  it('quotes commas, quotes and line breaks so every row keeps its columns', () => {
    const url = 'https://example.com/a,b?q="x"\r\nnext';
    const rows = parseCsv(historyToCsv([incident({ url })]));
    expect(rows[1]).toHaveLength(CSV_COLUMNS.length);
    expect(rows[1]![CSV_COLUMNS.indexOf('url')]).toBe(url);
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    const rows = parseCsv(historyToCsv([incident({ url: '=HYPERLINK("http://evil")', host: '@x' })]));
    expect(rows[1]![CSV_COLUMNS.indexOf('url')]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[1]![CSV_COLUMNS.indexOf('host')]).toBe(`'@x`);
  });

  it('writes only the header for an empty history', () => {
    expect(historyToCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('exportFileName', () => {
  it('names the file by the local date and kind', () => {
    expect(exportFileName('csv', new Date(2025, 0, 5, 23, 59))).toBe('gateway-rescue-history-2025-01-05.csv');
    expect(exportFileName('json', new Date(2025, 11, 31))).toBe('gateway-rescue-history-2025-12-31.json');
  });
});
