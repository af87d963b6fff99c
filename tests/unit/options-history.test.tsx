// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CSV_COLUMNS } from '../../src/core/history-export';
import { WEEK_MS } from '../../src/core/history-stats';
import type { Incident } from '../../src/core/recovery-state';
import { getMessage } from './support/fake-i18n-browser';
import { $, click, memoryPort, renderOptions, settle, text } from './support/options-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

const now = Date.UTC(2025, 5, 1, 12);
const incident = (id: string, host: string, ageMs: number, over: Partial<Incident> = {}): Incident => ({
  id,
  host,
  url: `https://${host}/page`,
  code: 502,
  method: 'GET',
  layer: 'cloudflare',
  startedAt: now - ageMs,
  endedAt: now - ageMs + 65_000,
  attempts: 3,
  outcome: 'recovered',
  checks: [
    { at: now - ageMs + 1000, ok: false, status: 502 },
    { at: now - ageMs + 20_000, ok: false, status: null },
    { at: now - ageMs + 65_000, ok: true, status: 200 },
  ],
  ...over,
});

const history = [
  incident('a1', 'shop.example.com', 60_000),
  incident('b1', 'api.example.org', 3 * 24 * 3600_000, { code: 503, layer: 'aws-elb', outcome: 'gave-up' }),
  incident('a2', 'shop.example.com', 2 * WEEK_MS + 1000),
];

let page: Awaited<ReturnType<typeof renderOptions>> | undefined;
afterEach(() => page?.unmount());

const rows = () => [...document.querySelectorAll<HTMLTableRowElement>('#history tbody tr')];
const cells = (row: HTMLTableRowElement) => [...row.cells].map((c) => c.textContent);

describe('incident history', () => {
  it('says so when there is none', async () => {
    page = await renderOptions(memoryPort(), now);
    expect(text('[data-testid="history-empty"]')).toBe(getMessage('options_historyEmpty'));
    expect(document.querySelector('#export-json')).toBeNull();
  });

  it('lists site, code, layer, start, duration, attempts and outcome of each incident, newest first', async () => {
    page = await renderOptions(memoryPort({ history }), now);
    expect(rows().map((r) => r.dataset.incident)).toEqual(['a1', 'b1', 'a2']);
    const [, site, error, duration, attempts, outcome] = cells(rows()[1]!);
    expect(site).toBe('api.example.orghttps://api.example.org/page');
    expect(rows()[1]!.querySelector('.code')?.textContent).toBe('503');
    expect(error).toBe('503AWS Classic ELB');
    expect(duration).toBe('1 min, 5 sec');
    expect(attempts).toBe('3');
    expect(outcome).toBe(getMessage('options_outcomeGaveUp'));
    const started = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
    expect(cells(rows()[0]!)[0]).toBe(started.format(history[0]!.startedAt));
  });

  it('says "probably" for a layer the evidence did not prove, and names older records as they were', async () => {
    const unsure = incident('p1', 'app.example.net', 1000, { layer: 'heroku', confidence: 'probable' });
    page = await renderOptions(memoryPort({ history: [unsure, history[1]!] }), now);
    expect(rows().map((r) => r.querySelector('.layer')?.textContent)).toEqual([
      'probably Heroku',
      'AWS Classic ELB',
    ]);
  });

  it('says what the site answered when the page came back with another error', async () => {
    const answered = incident('c1', 'shop.example.com', 30_000, {
      outcome: 'answered-other',
      answeredWith: 500,
    });
    page = await renderOptions(memoryPort({ history: [answered] }), now);
    expect(cells(rows()[0]!)[5]).toBe('Site answered 500');
  });

  it('draws each check on the time line by its time since the start: failed red, answered green', async () => {
    page = await renderOptions(memoryPort({ history }), now);
    const svg = rows()[0]!.querySelector('svg.timeline')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Checks over 1 min, 5 sec: 3 (2 failed, 1 answered)');
    expect(svg.querySelectorAll('.mark-failed')).toHaveLength(2);
    const ok = svg.querySelector('.mark-ok')!;
    const line = svg.querySelector('line.axis')!;
    // The answered check is the last, at the end of the line.
    expect(Number(ok.getAttribute('cx'))).toBeCloseTo(Number(line.getAttribute('x2')));
  });

  it('charts failures per site per week, busiest site first', async () => {
    page = await renderOptions(memoryPort({ history }), now);
    const charts = [...document.querySelectorAll('svg.weekly-chart')];
    expect(charts.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Failures of shop.example.com in the last 8 weeks: 2; in the last 7 days: 1',
      'Failures of api.example.org in the last 8 weeks: 1; in the last 7 days: 1',
    ]);
    const bars = [...charts[0]!.querySelectorAll('rect')];
    expect(bars).toHaveLength(8);
    expect(bars.map((b) => b.getAttribute('class'))).toEqual([
      'bar-empty',
      'bar-empty',
      'bar-empty',
      'bar-empty',
      'bar-empty',
      'bar',
      'bar-empty',
      'bar',
    ]);
  });

  it('filters by site, and exports what is shown as JSON and CSV', async () => {
    page = await renderOptions(memoryPort({ history }), now);
    const select = $<HTMLSelectElement>('#history-site');
    expect([...select.options].map((o) => o.value)).toEqual(['', 'api.example.org', 'shop.example.com']);
    select.value = 'shop.example.com';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(rows().map((r) => r.dataset.incident)).toEqual(['a1', 'a2']);
    expect(document.querySelectorAll('svg.weekly-chart')).toHaveLength(1);

    await click('#export-json');
    await click('#export-csv');
    const [json, csv] = page.downloads;
    expect(json?.fileName).toBe('gateway-rescue-history-2025-06-01.json');
    expect(json?.type).toBe('application/json');
    expect(JSON.parse(json!.text)).toEqual([history[0], history[2]]);
    expect(csv?.fileName).toBe('gateway-rescue-history-2025-06-01.csv');
    const lines = csv!.text.trim().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('shop.example.com');
  });

  it('shows an incident as soon as the background records it', async () => {
    const port = memoryPort({ history: [history[1]!] });
    page = await renderOptions(port, now);
    port.changeHistory(history);
    await settle();
    expect(rows()).toHaveLength(3);
  });

  it('clears only after confirming, then shows the empty history with focus on its heading', async () => {
    const port = memoryPort({ history });
    const clear = vi.spyOn(port, 'clearHistory');
    page = await renderOptions(port, now);
    await click('#clear-history');
    expect(text('#history .confirm')).toContain(getMessage('options_clearHistoryQuestion'));
    await click('#history .confirm button:last-child');
    expect(clear).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe('clear-history');
    await click('#clear-history');
    await click('#clear-history-confirm');
    await settle();
    expect(clear).toHaveBeenCalledOnce();
    expect(rows()).toHaveLength(0);
    expect(document.activeElement?.id).toBe('history-heading');
  });
});

describe('shortcuts', () => {
  it('lists the commands with their keys and opens the browser shortcut page in Chrome', async () => {
    const port = memoryPort();
    page = await renderOptions(port, now);
    const entries = [...document.querySelectorAll('.shortcut')].map((e) => e.textContent);
    expect(entries).toEqual([
      `${getMessage('options_shortcutOpenPopup')}Alt+Shift+G`,
      `${getMessage('commandRetryNow')}${getMessage('options_shortcutNotSet')}`,
    ]);
    await click('#open-shortcut-settings');
    expect(port.openedShortcutSettings).toBe(1);
  });

  it('tells Firefox users where to change them instead of a button', async () => {
    page = await renderOptions(memoryPort({ firefox: true }), now);
    expect(document.querySelector('#open-shortcut-settings')).toBeNull();
    expect(text('.shortcut-help')).toBe(getMessage('options_shortcutsChangeFirefox'));
  });
});
