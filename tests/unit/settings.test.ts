import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NET_FAILURES } from '../../src/core/net-errors';
import {
  DEFAULT_SETTINGS,
  LIMITS,
  LISTED_CODES,
  repairSettings,
  SETTINGS_VERSION,
  type Settings,
  settingsToStore,
} from '../../src/core/settings';
import { settingsFitSync } from '../../src/core/settings-size';
import { validateSitePattern } from '../../src/core/site-pattern';

const validSettings: fc.Arbitrary<Settings> = fc.record({
  version: fc.constant(SETTINGS_VERSION),
  enabled: fc.boolean(),
  codes: fc.uniqueArray(fc.integer({ min: 400, max: 599 })).map((c) => c.sort((a, b) => a - b)),
  failures: fc.subarray([...NET_FAILURES]),
  maxAttempts: fc.integer(LIMITS.maxAttempts),
  maxDelaySeconds: fc.integer(LIMITS.maxDelaySeconds),
  notifyOnRecovery: fc.boolean(),
  providerStatus: fc.boolean(),
  excludedSites: fc.uniqueArray(
    fc
      .domain()
      .filter((d) => d.includes('.'))
      .map((d) => d.toLowerCase()),
    {
      maxLength: 5,
    },
  ),
  operatedSites: fc.uniqueArray(
    fc
      .domain()
      .filter((d) => d.includes('.'))
      .map((d) => `*.${d.toLowerCase()}`),
    { maxLength: 5 },
  ),
});

function expectValid(s: Settings) {
  expect(Object.keys(s).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  expect(s.version).toBe(SETTINGS_VERSION);
  expect(typeof s.enabled).toBe('boolean');
  expect(typeof s.notifyOnRecovery).toBe('boolean');
  expect(Number.isInteger(s.maxAttempts)).toBe(true);
  expect(s.maxAttempts).toBeGreaterThanOrEqual(LIMITS.maxAttempts.min);
  expect(s.maxAttempts).toBeLessThanOrEqual(LIMITS.maxAttempts.max);
  expect(Number.isInteger(s.maxDelaySeconds)).toBe(true);
  expect(s.maxDelaySeconds).toBeGreaterThanOrEqual(LIMITS.maxDelaySeconds.min);
  expect(s.maxDelaySeconds).toBeLessThanOrEqual(LIMITS.maxDelaySeconds.max);
  expect(s.codes).toEqual([...new Set(s.codes)].sort((a, b) => a - b));
  for (const code of s.codes) expect(Number.isInteger(code) && code >= 400 && code <= 599).toBe(true);
  for (const list of [s.excludedSites, s.operatedSites]) {
    expect(list.length).toBeLessThanOrEqual(LIMITS.sites);
    expect(new Set(list).size).toBe(list.length);
    for (const site of list) expect(validateSitePattern(site)).toEqual({ ok: true, pattern: site });
  }
}

describe('DEFAULT_SETTINGS', () => {
  it('retries 502, 503, 504 and 520–524, not 500, and lists every code it retries', () => {
    expect(DEFAULT_SETTINGS.codes).toEqual([502, 503, 504, 520, 521, 522, 523, 524]);
    expect(LISTED_CODES).toContain(500);
    for (const code of DEFAULT_SETTINGS.codes) expect(LISTED_CODES).toContain(code);
  });

  it('is what repairSettings makes of nothing, and is left as it is', () => {
    expect(repairSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(repairSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(repairSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(repairSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('repairSettings', () => {
  it('turns anything at all into valid settings without throwing', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), (raw) => {
        expectValid(repairSettings(raw));
      }),
      { numRuns: 500 },
    );
  });

  it('repairs each field of an object with random values and keeps it valid', () => {
    const field = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.double(),
      fc.array(fc.oneof(fc.string(), fc.integer())),
    );
    const raw = fc.record(Object.fromEntries(Object.keys(DEFAULT_SETTINGS).map((key) => [key, field])), {
      requiredKeys: [],
    });
    fc.assert(
      fc.property(raw, (r) => {
        const repaired = repairSettings(r);
        expectValid(repaired);
        expect(repairSettings(repaired)).toEqual(repaired);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps valid settings exactly as they are', () => {
    fc.assert(
      fc.property(validSettings, (s) => {
        expect(repairSettings(s)).toEqual(s);
      }),
    );
  });

  it('falls back field by field: one bad value does not lose the others', () => {
    const repaired = repairSettings({
      enabled: 'yes',
      codes: [503],
      maxAttempts: Number.NaN,
      maxDelaySeconds: 30,
      notifyOnRecovery: false,
      excludedSites: ['example.com'],
    });
    expect(repaired).toEqual({
      ...DEFAULT_SETTINGS,
      codes: [503],
      maxDelaySeconds: 30,
      notifyOnRecovery: false,
      excludedSites: ['example.com'],
    });
  });

  it('migrates settings written before versions existed, or by a newer version, to this version', () => {
    const old = { enabled: false, codes: [502], maxAttempts: 5 };
    expect(repairSettings(old)).toEqual({
      ...DEFAULT_SETTINGS,
      enabled: false,
      codes: [502],
      maxAttempts: 5,
    });
    expect(repairSettings({ ...DEFAULT_SETTINGS, version: 99, future: true }).version).toBe(SETTINGS_VERSION);
    expect(repairSettings({ ...DEFAULT_SETTINGS, future: true })).not.toHaveProperty('future');
  });

  it('clamps numbers into their limits and reads numbers written as text', () => {
    expect(repairSettings({ maxAttempts: 0 }).maxAttempts).toBe(LIMITS.maxAttempts.min);
    expect(repairSettings({ maxAttempts: 1e9 }).maxAttempts).toBe(LIMITS.maxAttempts.max);
    expect(repairSettings({ maxAttempts: 7.6 }).maxAttempts).toBe(8);
    expect(repairSettings({ maxDelaySeconds: '45' }).maxDelaySeconds).toBe(45);
    expect(repairSettings({ maxDelaySeconds: -3 }).maxDelaySeconds).toBe(LIMITS.maxDelaySeconds.min);
    expect(repairSettings({ maxDelaySeconds: Number.POSITIVE_INFINITY }).maxDelaySeconds).toBe(
      DEFAULT_SETTINGS.maxDelaySeconds,
    );
  });

  it('treats a blank number as missing, not as zero', () => {
    expect(repairSettings({ maxAttempts: '' }).maxAttempts).toBe(DEFAULT_SETTINGS.maxAttempts);
    expect(repairSettings({ maxDelaySeconds: '  ' }).maxDelaySeconds).toBe(DEFAULT_SETTINGS.maxDelaySeconds);
  });

  it('keeps an empty code list (everything turned off) but replaces a missing one with the defaults', () => {
    expect(repairSettings({ codes: [] }).codes).toEqual([]);
    expect(repairSettings({ codes: 'all' }).codes).toEqual(DEFAULT_SETTINGS.codes);
    expect(repairSettings({ codes: [504, 502, 502, 200, 700, 503.5, '503'] }).codes).toEqual([502, 504]);
  });

  it('retries every kind of unanswered load in settings stored before the kinds existed, and keeps a kind turned off', () => {
    expect(repairSettings({ version: 1, codes: [502] }).failures).toEqual([
      'refused',
      'timeout',
      'dns',
      'offline',
    ]);
    expect(repairSettings({ failures: [] }).failures).toEqual([]);
    expect(repairSettings({ failures: ['dns', 'certificate', 'refused', 'dns', 7] }).failures).toEqual([
      'refused',
      'dns',
    ]);
  });

  it('drops invalid and duplicate site patterns, normalises the rest and caps the list', () => {
    const repaired = repairSettings({
      excludedSites: ['Example.com', 'example.com', 'https://x.com', 42, '*.b.org', '**'],
      operatedSites: 'example.com',
    });
    expect(repaired.excludedSites).toEqual(['example.com', '*.b.org']);
    expect(repaired.operatedSites).toEqual([]);
    const many = Array.from({ length: LIMITS.sites + 50 }, (_, i) => `site${i}.example`);
    expect(repairSettings({ excludedSites: many }).excludedSites).toHaveLength(LIMITS.sites);
  });
});

describe('settingsFitSync', () => {
  it('accepts the defaults and refuses site lists too big for one storage.sync item', () => {
    expect(settingsFitSync(repairSettings({}))).toBe(true);
    const sites = Array.from({ length: 400 }, (_, i) => `a-rather-long-site-name-${i}.example.com`);
    expect(settingsFitSync(repairSettings({ excludedSites: sites }))).toBe(false);
    expect(settingsFitSync(repairSettings({ excludedSites: sites.slice(0, 20) }))).toBe(true);
  });
});

describe('settingsToStore', () => {
  const newer = {
    version: SETTINGS_VERSION + 1,
    enabled: true,
    codes: [502, 503],
    maxAttempts: 7,
    maxDelaySeconds: 30,
    notifyOnRecovery: false,
    excludedSites: ['*.corp.example'],
    operatedSites: [],
    quietHours: { from: '22:00', to: '07:00' },
    excludedSiteRules: [{ pattern: 'x.example', until: 123 }],
  };

  it('keeps what a newer version stored: its keys, its version and every setting the visitor did not change', () => {
    const shown = repairSettings(newer);
    const next = { ...shown, maxAttempts: 9 };
    const stored = settingsToStore(newer, shown, next);
    expect(stored).toEqual({ ...newer, maxAttempts: 9 });
    expect(stored.version).toBe(SETTINGS_VERSION + 1);
  });

  it('writes nothing different when nothing changed, whatever the stored value holds', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (raw) => {
        const shown = repairSettings(raw);
        const stored = settingsToStore(raw, shown, shown);
        const { version, ...rest } = stored;
        const { version: _v, ...rawRest } = raw as Record<string, unknown>;
        expect(rest).toEqual(rawRest);
        expect(typeof version).toBe('number');
        expect(version as number).toBeGreaterThanOrEqual(SETTINGS_VERSION);
      }),
    );
  });

  it('starts from the settings when nothing valid is stored', () => {
    const next = { ...DEFAULT_SETTINGS, enabled: false };
    expect(settingsToStore(undefined, DEFAULT_SETTINGS, next)).toEqual(next);
    expect(settingsToStore('garbage', DEFAULT_SETTINGS, next)).toEqual(next);
  });
});
