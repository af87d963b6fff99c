import { describe, expect, it } from 'vitest';
import { type LayerId, layerProduct, PRODUCTS, recogniseLayers } from '../../src/core/layer';
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
const PROXY_FIXES: FixId[] = ['other-network', 'proxy-settings', 'ask-network-admin'];
const EDGE_LAYERS = (Object.keys(PRODUCTS) as LayerId[]).filter((id) =>
  ['cdn', 'platform', 'gateway'].includes(layerProduct(id)!.kind),
);

const check = (ok: boolean, status: number | null): CheckResult => ({ at: 1, ok, status });
const input = (
  over: Partial<VerdictInput> & { layer?: LayerId; chain?: LayerId[]; method?: string } = {},
): VerdictInput => ({
  online: over.online ?? true,
  lastCheck: over.lastCheck ?? null,
  tab: {
    layer: over.layer ?? 'unknown',
    chain: over.chain,
    method: over.method ?? 'GET',
    phase: over.tab?.phase ?? 'waiting',
  },
});
/** The hops as `kind:layer=state`, visitor first. */
const path = (v: ReturnType<typeof decideVerdict>) => v.hops.map((h) => `${h.kind}:${h.layer}=${h.state}`);

describe('whose side', () => {
  it('blames the site when a CDN or proxy in front of it answered with the error', () => {
    for (const layer of EDGE_LAYERS) {
      expect(decideVerdict(input({ layer }))).toMatchObject({ side: 'site', reason: 'edge-layer' });
    }
  });

  it("blames the site when the extension's own fresh check fails with an HTTP error too", () => {
    const v = decideVerdict(input({ layer: 'nginx', lastCheck: check(false, 503) }));
    expect(v).toMatchObject({ side: 'site', reason: 'check-failed' });
    expect(path(v)).toEqual(['browser:unknown=ok', 'edge:unknown=ok', 'site:nginx=failing']);
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
    expect(v.hops[0]).toMatchObject({ kind: 'browser', state: 'failing' });
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
    // Another device, or the reload once online, lead: a DNS server is not what is missing.
    expect(v.fixes.slice(0, 2)).toEqual(['other-device', 'reload']);
  });

  it('blames the connection when the check could not reach the site at all', () => {
    expect(decideVerdict(input({ layer: 'cloudflare', lastCheck: check(false, null) }))).toMatchObject({
      side: 'connection',
      reason: 'check-unreachable',
    });
  });
});

describe("a proxy on the visitor's network", () => {
  it('is the likely cause when it wrote the error itself, even while checks through it fail', () => {
    for (const layer of [
      'squid',
      'zscaler',
      'bluecoat',
      'fiddler',
      'mitmproxy',
      'burp',
      'zap',
    ] as LayerId[]) {
      const v = decideVerdict(input({ layer, chain: [layer], lastCheck: check(false, 502) }));
      expect(v).toMatchObject({ side: 'proxy', reason: 'visitor-proxy' });
      expect(path(v)).toEqual(['browser:unknown=ok', `proxy:${layer}=failing`, 'site:unknown=unknown']);
    }
  });

  it('is not blamed on wording other pages share alone: the check decides', () => {
    // Blue Coat's "contact your network support team" is its notification's, but any page may say it.
    const reading = recogniseLayers({
      status: 503,
      body: '<p>Please contact your network support team.</p>',
    });
    expect(reading).toMatchObject({ answeredBy: 'bluecoat', confidence: 'probable' });
    const tab = { layer: reading.answeredBy, chain: reading.chain, method: 'GET', phase: 'waiting' as const };
    const failing = decideVerdict({ ...input(), tab: { ...tab, confidence: reading.confidence } });
    expect(failing).toMatchObject({ side: 'site', reason: 'server-error' });
    expect(failing.fixes).not.toContain('ask-network-admin');
    expect(path(failing)).toEqual([
      'browser:unknown=ok',
      'proxy:bluecoat=ok',
      'edge:unknown=ok',
      'site:unknown=failing',
    ]);
    // The same page with its own evidence (here: sure) is the proxy's.
    expect(decideVerdict({ ...input(), tab: { ...tab, confidence: 'sure' } }).side).toBe('proxy');
  });

  it('leads with another network, the VPN and proxy settings and who to ask', () => {
    const v = decideVerdict(input({ layer: 'squid', chain: ['squid'] }));
    expect(v.fixes.slice(0, 3)).toEqual(PROXY_FIXES);
  });

  it("leaves the site's side when the proxy only relayed the site's own error", () => {
    const v = decideVerdict(input({ layer: 'nginx', chain: ['squid', 'nginx'] }));
    expect(v.side).toBe('site');
    expect(path(v)).toEqual([
      'browser:unknown=ok',
      'proxy:squid=ok',
      'edge:unknown=ok',
      'site:nginx=failing',
    ]);
  });

  it('is the likely cause when unrelated sites failed with the same error, even named nginx', () => {
    const v = decideVerdict({
      ...input({ layer: 'nginx', chain: ['nginx'], lastCheck: check(false, 502) }),
      visitorNetwork: true,
    });
    expect(v).toMatchObject({ side: 'proxy', reason: 'visitor-network' });
    expect(v.fixes.slice(0, 3)).toEqual(PROXY_FIXES);
    // Its nginx is the proxy, not the site's server; nothing behind it was seen.
    expect(path(v)).toEqual(['browser:unknown=ok', 'proxy:nginx=failing', 'site:unknown=unknown']);
    expect(
      decideVerdict(input({ layer: 'nginx', chain: ['nginx'], lastCheck: check(false, 502) })).side,
    ).toBe('site');
    // A good check still clears the network; being offline still comes first.
    expect(decideVerdict({ ...input({ lastCheck: check(true, 200) }), visitorNetwork: true }).side).toBe(
      'yours',
    );
    expect(decideVerdict({ ...input({ online: false }), visitorNetwork: true }).side).toBe('connection');
  });

  it('yields to a good check and to being offline', () => {
    expect(decideVerdict(input({ layer: 'squid', chain: ['squid'], lastCheck: check(true, 200) })).side).toBe(
      'yours',
    );
    expect(decideVerdict(input({ layer: 'squid', chain: ['squid'], online: false })).side).toBe('connection');
  });
});

describe('the hops of a layered chain', () => {
  it('shows the outermost edge and the one that wrote the error; the hop behind it failed', () => {
    const v = decideVerdict(input({ layer: 'aws-api-gateway', chain: ['cloudfront', 'aws-api-gateway'] }));
    expect(path(v)).toEqual([
      'browser:unknown=ok',
      'edge:cloudfront=ok',
      'edge:aws-api-gateway=ok',
      'site:unknown=failing',
    ]);
  });

  it("draws the site's own web server as the site, and leaves out edges between when there are many", () => {
    const v = decideVerdict(input({ layer: 'nginx', chain: ['cloudflare', 'heroku', 'kong', 'nginx'] }));
    expect(path(v)).toEqual([
      'browser:unknown=ok',
      'edge:cloudflare=ok',
      'edge:kong=ok',
      'site:nginx=failing',
    ]);
  });

  it('keeps working with a tab stored before chains existed', () => {
    expect(path(decideVerdict(input({ layer: 'cloudflare' })))).toEqual([
      'browser:unknown=ok',
      'edge:cloudflare=ok',
      'site:unknown=failing',
    ]);
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
    const proxy = decideVerdict(input({ layer: 'squid', chain: ['squid'] }));
    // 'other-network' is the other device, said for a proxy: it is not offered twice.
    const proxyFixes = [...ALL_FIXES.filter((f) => f !== 'other-device'), ...PROXY_FIXES];
    expect([...proxy.fixes].sort()).toEqual(proxyFixes.sort());
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

  it('never offers a private window to a tab that is in one already', () => {
    for (const lastCheck of [null, check(true, 200)]) {
      const base = input({ lastCheck });
      const fixes = decideVerdict({ ...base, tab: { ...base.tab, private: true } }).fixes;
      expect([...fixes].sort()).toEqual(ALL_FIXES.filter((f) => f !== 'private-window').sort());
    }
  });
});
