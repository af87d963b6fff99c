import { describe, expect, it } from 'vitest';
import { layerProduct, recogniseLayers } from '../../src/core/layer';
import {
  formatSeconds,
  operatorReport,
  proxyReport,
  type ReportLabels,
  type ReportTab,
  timingHint,
} from '../../src/core/operator-report';

const LABELS: ReportLabels = {
  title: 'Report',
  url: 'URL',
  status: 'Status',
  answered: 'Answers now',
  layer: 'Answered by',
  chain: 'Layers',
  evidence: 'Evidence',
  duration: 'Request took',
  retryAfter: 'Retry-After',
  checks: 'Checks',
  lastCheck: 'Last check',
  firstSeen: 'First seen',
  headers: 'Headers',
  none: 'none',
  networkError: 'network error',
  seconds: (v) => `${v} s`,
  probably: (name) => `probably ${name}`,
  timing: { 'proxy-timeout': 'proxy timeout', instant: 'instant', slow: 'slow', unknown: 'unknown' },
};

const TAB: ReportTab = {
  url: 'https://example.com/a?b=1',
  code: 504,
  method: 'GET',
  requestMs: 60_020,
  retryAfterSeconds: 120,
  headers: [
    ['server', 'nginx'],
    ['retry-after', '120'],
  ],
  startedAt: Date.UTC(2025, 0, 15, 9, 0, 0),
  layer: 'nginx',
  chain: ['cloudflare', 'nginx'],
  clues: [
    ['cloudflare', 'cf-ray: 8f2a3b4c5d6e7f80-NRT'],
    ['nginx', 'body: “<hr><center>nginx”'],
  ],
};

const nameOf = (layer: string) => layerProduct(layer)?.name ?? 'unknown';

describe('timing', () => {
  it('reads about a minute as a proxy read timeout and under a second as an upstream down', () => {
    expect(timingHint(60_020)).toBe('proxy-timeout');
    expect(timingHint(55_000)).toBe('proxy-timeout');
    expect(timingHint(54_999)).toBe('slow');
    expect(timingHint(1_000)).toBe('slow');
    expect(timingHint(999)).toBe('instant');
    expect(timingHint(0)).toBe('instant');
    expect(timingHint(null)).toBe('unknown');
    expect(timingHint(Number.NaN)).toBe('unknown');
  });

  it('never shows a fast failure as 0.0 s', () => {
    expect(formatSeconds(40)).toBe('0.04');
    expect(formatSeconds(60_020)).toBe('60.0');
  });
});

describe('the report', () => {
  it('holds URL, code, layer, timing, Retry-After, checks and the headers', () => {
    const text = operatorReport(
      TAB,
      { attempts: 4, lastCheck: { at: TAB.startedAt + 30_000, ok: false, status: 504 } },
      nameOf,
      LABELS,
    );
    expect(text.split('\n')).toEqual([
      'Report',
      'URL: https://example.com/a?b=1',
      'Status: 504 (GET)',
      'Answered by: nginx',
      'Layers: Cloudflare → nginx',
      'Evidence:',
      '  Cloudflare — cf-ray: 8f2a3b4c5d6e7f80-NRT',
      '  nginx — body: “<hr><center>nginx”',
      'Request took: 60.0 s (proxy timeout)',
      'Retry-After: 120 s',
      'Checks: 4',
      'Last check: 504 @ 2025-01-15T09:00:30.000Z',
      'First seen: 2025-01-15T09:00:00.000Z',
      'Headers:',
      '  server: nginx',
      '  retry-after: 120',
      '',
    ]);
  });

  it('says "probably" for each name its evidence does not prove, and nowhere else', () => {
    // Heroku's "Application error" without its `heroku logs --tail`: another platform may write it.
    const reading = recogniseLayers({
      status: 503,
      headers: [['server', 'cloudflare']],
      body: '<title>Application Error</title><p>An error occurred in the application and your page could not be served.</p>',
    });
    expect(reading).toMatchObject({ answeredBy: 'heroku', confidence: 'probable', probable: ['heroku'] });
    const text = operatorReport({ ...TAB, layer: reading.answeredBy, ...reading }, null, nameOf, LABELS);
    expect(text).toContain('Answered by: probably Heroku\nLayers: Cloudflare → probably Heroku\n');
    expect(text).toMatch(/\n {2}Cloudflare — server: cloudflare\n {2}probably Heroku — body: /);
  });

  it('names a layer only seen on the way as present, but only probably the one that wrote the error', () => {
    const text = operatorReport(
      { ...TAB, layer: 'cloudflare', chain: ['cloudflare'], confidence: 'probable', probable: [] },
      null,
      nameOf,
      LABELS,
    );
    expect(text).toContain('Answered by: probably Cloudflare\nLayers: Cloudflare\n');
  });

  it('says what the site answers now, once that is another error', () => {
    const text = operatorReport({ ...TAB, answeredWith: 500 }, null, nameOf, LABELS);
    expect(text).toContain('Status: 504 (GET)\nAnswers now: 500\nAnswered by: nginx\n');
    expect(operatorReport(TAB, null, nameOf, LABELS)).not.toContain('Answers now');
  });

  it('says what is missing instead of leaving blanks', () => {
    const text = operatorReport(
      {
        ...TAB,
        requestMs: null,
        retryAfterSeconds: null,
        headers: [],
        layer: 'unknown',
        chain: [],
        clues: [],
      },
      { attempts: 1, lastCheck: { at: TAB.startedAt, ok: false, status: null } },
      nameOf,
      LABELS,
    );
    expect(text).toContain('Answered by: unknown\nLayers: none\nEvidence:\n  none\n');
    expect(text).toContain('Request took: none');
    expect(text).toContain('Retry-After: none');
    expect(text).toContain('Last check: network error @');
    expect(text).toMatch(/Headers:\n {2}none\n$/);
  });

  it('gives a load that got no answer its kind instead of a status', () => {
    const text = operatorReport({ ...TAB, code: 0, failure: 'refused' }, null, nameOf, LABELS);
    expect(text).toContain('Status: network error (refused) (GET)');
  });

  it('never shows the password of a user:pass@ address', () => {
    const text = operatorReport(
      { ...TAB, url: 'https://visitor:pa55-secret@shop.example.com/cart' },
      null,
      nameOf,
      LABELS,
    );
    expect(text).toContain('https://shop.example.com/cart');
    expect(text).not.toContain('pa55-secret');
  });
});

describe("the details for whoever runs the visitor's network", () => {
  it("holds the address, the code and the proxy's own words", () => {
    const text = proxyReport(
      {
        url: 'http://intranet.example/',
        code: 502,
        clues: [
          ['squid', 'x-squid-error: ERR_READ_ERROR 0'],
          ['squid', 'server: squid/5.7'],
        ],
      },
      'Squid',
      nameOf,
    );
    expect(text.split('\n')).toEqual([
      '502 http://intranet.example/',
      'Squid:',
      '  Squid — x-squid-error: ERR_READ_ERROR 0',
      '  Squid — server: squid/5.7',
    ]);
  });
});
