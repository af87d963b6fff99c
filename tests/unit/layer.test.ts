import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  headerValue,
  isBotChallenge,
  keepableHeaders,
  type LayerId,
  layerProduct,
  PRODUCTS,
  providerOf,
  recogniseLayers,
} from '../../src/core/layer';

/** Real error responses from public threads and vendor docs, each with its source (see fixtures/README.md). */
interface Capture {
  id: string;
  product: string;
  side: 'site' | 'visitor-proxy';
  status: number;
  headers: [string, string][];
  body?: string;
  source: string;
  failedLayer?: string;
}
const CAPTURES: Capture[] = JSON.parse(
  readFileSync(new URL('./fixtures/layer-captures.json', import.meta.url), 'utf8'),
);

// The fixtures name products; some share one layer here because their error pages are the same.
const SAME_LAYER: Record<string, LayerId> = {
  openresty: 'nginx', // OpenResty and Tengine are nginx builds and write nginx's pages
  tengine: 'nginx',
  istio: 'envoy', // Istio's proxies are Envoy
  'iis-arr': 'iis',
  'owasp-zap': 'zap',
  'google-cloud-lb': 'google-cloud',
  // App Engine answers with the Google front end's page, which every Google front end shares.
  'app-engine': 'google-cloud',
  'huawei-cloud-elb': 'huawei-elb',
  'aws-elb-classic': 'aws-elb',
};
const layerOf = (product: string) => (SAME_LAYER[product] ?? product) as LayerId;

/**
 * What the evidence cannot tell, each for its reason. The test fails if one of these starts to pass
 * (update the list) or anything else fails.
 */
const CANNOT_TELL: Record<string, string> = {
  // Only the status line's reason phrase ("Back-end server is at capacity") names it; no header or body.
  'aws-elb-classic-503-at-capacity-flynn-2738': 'reason phrase only, which the fixture has no field for',
  // A bare "Bad Gateway" text body: many Go proxies answer the same, so it names nobody.
  'traefik-502-text-plik-306': 'bare text',
  // The same product on the other side: a site's own Squid, a forward Envoy, a forward nginx.
  'squid-503-pulp-deferred-download-doc': 'side',
  'envoy-503-egress-envoy-37268': 'side',
  'nginx-forward-proxy-502-proxy-connect-137': 'side',
};

function read(c: Capture) {
  const reading = recogniseLayers({ status: c.status, headers: c.headers, body: c.body });
  const expected = layerOf(c.failedLayer ?? c.product);
  const side = layerProduct(reading.answeredBy)?.kind === 'visitor-proxy' ? 'visitor-proxy' : 'site';
  const named = reading.chain.includes(layerOf(c.product)) && reading.answeredBy === expected;
  return { reading, expected, named, sideRight: side === c.side };
}

describe('recognising real captures', () => {
  it('has at least 60 samples across at least 30 products, visitor-side proxies included, each with a source', () => {
    expect(CAPTURES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CAPTURES.map((c) => c.product)).size).toBeGreaterThanOrEqual(30);
    expect(CAPTURES.filter((c) => c.side === 'visitor-proxy').length).toBeGreaterThanOrEqual(8);
    for (const c of CAPTURES) expect(c.source).toMatch(/^https:\/\//);
    for (const product of new Set(CAPTURES.map((c) => layerOf(c.product)))) {
      expect({ product, known: product in PRODUCTS }).toEqual({ product, known: true });
    }
  });

  it.each(CAPTURES.filter((c) => !(c.id in CANNOT_TELL)).map((c) => [c.id, c] as const))(
    '%s: names the layer that wrote it, and its side',
    (_id, c) => {
      const { reading, expected, named, sideRight } = read(c);
      expect({ answeredBy: reading.answeredBy, inChain: reading.chain.includes(layerOf(c.product)) }).toEqual(
        {
          answeredBy: expected,
          inChain: true,
        },
      );
      expect(named && sideRight).toBe(true);
      // Every name comes with the clue that gave it away.
      expect(reading.clues.some(([layer]) => layer === expected)).toBe(true);
    },
  );

  it('still cannot tell the documented hard cases (remove them here once it can)', () => {
    for (const id of Object.keys(CANNOT_TELL)) {
      const c = CAPTURES.find((x) => x.id === id);
      expect(c, id).toBeDefined();
      const { named, sideRight } = read(c!);
      expect({ id, both: named && sideRight }).toEqual({ id, both: false });
    }
  });

  it('prints the share recognised', () => {
    const results = CAPTURES.map(read);
    const named = results.filter((r) => r.named).length;
    const both = results.filter((r) => r.named && r.sideRight).length;
    const proxies = CAPTURES.map((c, i) => [c, results[i]!] as const).filter(
      ([c]) => c.side === 'visitor-proxy',
    );
    const proxiesRight = proxies.filter(([, r]) => r.named && r.sideRight).length;
    const pct = (n: number, of: number) => `${n}/${of} (${Math.round((100 * n) / of)} %)`;
    console.log(
      `layer captures: layer named ${pct(named, CAPTURES.length)}; layer and side right ${pct(both, CAPTURES.length)}; ` +
        `visitor-side proxies ${pct(proxiesRight, proxies.length)}; products ${new Set(CAPTURES.map((c) => c.product)).size}`,
    );
    expect(both).toBe(CAPTURES.length - Object.keys(CANNOT_TELL).length);
  });
});

const h = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));

describe('layered answers', () => {
  it('names the hop that wrote the error behind the edge that relayed it', () => {
    // CloudFront relaying API Gateway's 502 (aws-amplify/amplify-js#6931).
    const reading = recogniseLayers({
      status: 502,
      headers: [
        ['via', '1.1 e175847e898eb176a9bfc215ff971192.cloudfront.net (CloudFront)'],
        ['x-amz-apigw-id', 'UE1rfGuaIE0FW-w='],
        ['x-amz-cf-id', 'zbpeORyultePxBvSUUrxnoBNRkigsnEY5V2ZXIhzCF6wYpm6XDmO4w=='],
        ['x-amzn-errortype', 'InternalServerErrorException'],
        ['x-cache', 'Error from cloudfront'],
      ],
      body: '{"message": "Internal server error"}',
    });
    expect(reading.chain).toEqual(['cloudfront', 'aws-api-gateway']);
    expect(reading.answeredBy).toBe('aws-api-gateway');
    expect(reading.clues).toContainEqual([
      'aws-api-gateway',
      'x-amzn-errortype: InternalServerErrorException',
    ]);
  });

  it("takes Cloudflare's own 52x as Cloudflare's, and nginx's page behind Cloudflare as nginx's", () => {
    expect(
      recogniseLayers({ status: 522, headers: h({ server: 'cloudflare', 'cf-ray': '8f2a-NRT' }) }).answeredBy,
    ).toBe('cloudflare');
    const relayed = recogniseLayers({
      status: 502,
      headers: h({ server: 'cloudflare', 'cf-ray': '8f2a-NRT' }),
      body: '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>',
    });
    expect(relayed).toMatchObject({ chain: ['cloudflare', 'nginx'], answeredBy: 'nginx' });
  });

  it("never blames a visitor's proxy that only relayed the site's own error", () => {
    // Squid passes the site's answer on with its Via and X-Cache; only its own pages carry X-Squid-Error.
    const relayed = recogniseLayers({
      status: 502,
      headers: h({
        via: '1.1 localhost (squid/5.7)',
        'x-cache': 'MISS from localhost',
        server: 'nginx/1.22.1',
      }),
    });
    expect(relayed).toMatchObject({ chain: ['squid', 'nginx'], answeredBy: 'nginx' });
    expect(
      recogniseLayers({ status: 502, headers: h({ via: '1.1 localhost (squid/5.7)' }) }).answeredBy,
    ).toBe('unknown');
  });

  it('reads the reason phrase, which some layers sign and nothing else carries', () => {
    // flynn/flynn#2738: `HTTP/1.1 503 Service Unavailable: Back-end server is at capacity`, no body.
    const elb = recogniseLayers({
      status: 503,
      statusText: 'Service Unavailable: Back-end server is at capacity',
    });
    expect(elb).toEqual({
      chain: ['aws-elb'],
      answeredBy: 'aws-elb',
      clues: [['aws-elb', 'status line: Service Unavailable: Back-end server is at capacity']],
    });
    // graphql-dotnet/graphql-client#100: `HTTP/1.1 502 Fiddler - Gateway Connection Failed`.
    expect(
      recogniseLayers({ status: 502, statusText: 'Fiddler - Gateway Connection Failed' }).answeredBy,
    ).toBe('fiddler');
    expect(recogniseLayers({ status: 502, statusText: 'Bad Gateway' }).answeredBy).toBe('unknown');
  });

  it('says unknown when nothing is recognisable', () => {
    expect(recogniseLayers({}).answeredBy).toBe('unknown');
    expect(recogniseLayers({ headers: [], body: '' }).answeredBy).toBe('unknown');
    expect(recogniseLayers({ status: 502, headers: h({ server: 'Kestrel' }), body: 'Bad Gateway' })).toEqual({
      chain: [],
      answeredBy: 'unknown',
      clues: [],
    });
  });

  it('finds the provider for outages across sites: the outermost CDN, platform or cloud gateway', () => {
    expect(providerOf(['squid', 'cloudflare', 'heroku', 'nginx'])).toBe('cloudflare');
    expect(providerOf(['aws-api-gateway'])).toBe('aws-api-gateway');
    expect(providerOf(['nginx', 'varnish'])).toBeNull();
    // An id stored by an older version still names its product; an id never used names none.
    expect(providerOf(['google' as LayerId])).toBe('google');
    expect(layerProduct('google')?.name).toBe('Google Cloud');
    expect(providerOf(['made-up' as LayerId])).toBeNull();
  });
});

describe('headers kept for the popup and the report', () => {
  it('drops cookies and credentials, keeps the rest lower-cased', () => {
    const kept = keepableHeaders(
      h({ Server: 'nginx', 'Set-Cookie': 'sid=1', Cookie: 'a=b', Authorization: 'x', 'Retry-After': '30' }),
    );
    expect(kept).toEqual([
      ['server', 'nginx'],
      ['retry-after', '30'],
    ]);
  });

  it('reads a header whatever its case', () => {
    expect(headerValue(h({ 'Retry-After': '30' }), 'retry-after')).toBe('30');
  });
});

describe('isBotChallenge', () => {
  it("recognises Cloudflare's challenge marker in any case, and nothing else", () => {
    expect(isBotChallenge([{ name: 'CF-Mitigated', value: ' Challenge ' }])).toBe(true);
    expect(isBotChallenge([{ name: 'cf-mitigated', value: 'block' }])).toBe(false);
    expect(isBotChallenge([{ name: 'server', value: 'cloudflare' }])).toBe(false);
    expect(isBotChallenge(undefined)).toBe(false);
  });
});
