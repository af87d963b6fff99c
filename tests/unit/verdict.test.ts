import { describe, expect, it } from 'vitest';
import { EDGE_LAYERS, type LayerId } from '../../src/core/layer';
import type { CheckResult } from '../../src/core/recovery-state';
import { decideVerdict, type FixId, type VerdictInput } from '../../src/core/verdict';

const ALL_FIXES: FixId[] = [
  'reload',
  'bypass-cache',
  'clear-cache',
  'private-window',
  'other-device',
  'dns',
  'down-for-everyone',
  'archive',
];

const check = (ok: boolean, status: number | null): CheckResult => ({ at: 1, ok, status });
const input = (over: Partial<VerdictInput> & { layer?: LayerId; method?: string } = {}): VerdictInput => ({
  online: over.online ?? true,
  lastCheck: over.lastCheck ?? null,
  tab: { layer: over.layer ?? 'unknown', method: over.method ?? 'GET', phase: over.tab?.phase ?? 'waiting' },
});

describe('whose side', () => {
  it('blames the site when a CDN or proxy in front of it answered with the error', () => {
    for (const layer of EDGE_LAYERS) {
      expect(decideVerdict(input({ layer }))).toMatchObject({ side: 'site', reason: 'edge-layer' });
    }
  });

  it("blames the site when the extension's own fresh check fails with an HTTP error too", () => {
    const v = decideVerdict(input({ layer: 'nginx', lastCheck: check(false, 503) }));
    expect(v).toMatchObject({ side: 'site', reason: 'check-failed' });
    expect(v.hops).toEqual({ browser: 'ok', edge: 'ok', site: 'failing' });
  });

  it("points at the visitor's cookies when the site answered a check without them but not the tab", () => {
    const v = decideVerdict({ ...input({ lastCheck: { ...check(false, 502), by: 'tab' } }), checkBy: 'tab' });
    expect(v).toMatchObject({ side: 'yours', reason: 'tab-disagrees' });
    expect(v.fixes.slice(0, 2)).toEqual(['clear-cache', 'private-window']);
    expect([...v.fixes].sort()).toEqual([...ALL_FIXES].sort());
  });

  it('still leans to the site with no check yet and an unrecognised server', () => {
    expect(decideVerdict(input())).toMatchObject({ side: 'site', reason: 'server-error' });
  });

  it('points at stale cache or cookies when the fresh check succeeds while the tab fails', () => {
    const v = decideVerdict(input({ layer: 'cloudflare', lastCheck: check(true, 200) }));
    expect(v).toMatchObject({ side: 'yours', reason: 'check-ok' });
    expect(v.fixes[0]).toBe('clear-cache');
    expect(v.hops.browser).toBe('failing');
  });

  it('does not count a good check against the tab while the tab is being reloaded after it', () => {
    const v = decideVerdict({
      ...input({ lastCheck: check(true, 200) }),
      tab: { layer: 'cloudflare', method: 'GET', phase: 'reloading' },
    });
    expect(v.side).toBe('site');
  });

  it('blames the connection when the browser is offline, whatever else is known', () => {
    const v = decideVerdict(input({ online: false, layer: 'cloudflare', lastCheck: check(true, 200) }));
    expect(v).toMatchObject({ side: 'connection', reason: 'offline' });
    expect(v.fixes[0]).toBe('dns');
  });

  it('blames the connection when the check could not reach the site at all', () => {
    expect(decideVerdict(input({ layer: 'cloudflare', lastCheck: check(false, null) }))).toMatchObject({
      side: 'connection',
      reason: 'check-unreachable',
    });
  });
});

describe('the fixes', () => {
  it('offers every fix exactly once for a normal page, ordered by the verdict', () => {
    for (const v of [
      decideVerdict(input({ layer: 'cloudflare' })),
      decideVerdict(input({ lastCheck: check(true, 200) })),
      decideVerdict(input({ online: false })),
    ]) {
      expect([...v.fixes].sort()).toEqual([...ALL_FIXES].sort());
    }
    expect(decideVerdict(input({ layer: 'cloudflare' })).fixes.slice(0, 2)).toEqual([
      'down-for-everyone',
      'archive',
    ]);
  });

  it('never offers a plain reload for the answer to a form: that would send the form again', () => {
    const fixes = decideVerdict(input({ method: 'POST', lastCheck: check(true, 200) })).fixes;
    expect(fixes).not.toContain('reload');
    expect(fixes).not.toContain('bypass-cache');
    expect(fixes[0]).toBe('clear-cache');
  });
});
