import { describe, expect, it } from 'vitest';
import {
  EDGE_LAYERS,
  headerValue,
  isBotChallenge,
  keepableHeaders,
  type LayerId,
  recogniseLayer,
} from '../../src/core/layer';

const h = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));

// Header sets as these layers really send them with an error page.
const CASES: [LayerId, Record<string, string>][] = [
  ['cloudflare', { Server: 'cloudflare', 'CF-RAY': '8f2a3b4c5d6e7f80-NRT' }],
  ['cloudflare', { 'cf-ray': '8f2a3b4c5d6e7f80-LHR', server: 'nginx' }],
  [
    'cloudfront',
    {
      'X-Amz-Cf-Id': 'abc==',
      'X-Cache': 'Error from cloudfront',
      Via: '1.1 abc.cloudfront.net (CloudFront)',
    },
  ],
  ['cloudfront', { Server: 'CloudFront' }],
  ['aws-elb', { Server: 'awselb/2.0' }],
  ['azure-front-door', { 'X-Azure-Ref': '0abc', Server: 'Microsoft-IIS/10.0' }],
  ['akamai', { Server: 'AkamaiGHost' }],
  ['fastly', { 'X-Fastly-Request-ID': 'abc', Via: '1.1 varnish', 'X-Served-By': 'cache-nrt1' }],
  ['vercel', { Server: 'Vercel', 'X-Vercel-Id': 'hnd1::abc' }],
  ['netlify', { Server: 'Netlify', 'X-Nf-Request-Id': '01H' }],
  ['google', { Server: 'Google Frontend' }],
  ['google', { Server: 'gws' }],
  ['varnish', { 'X-Varnish': '123 456', Via: '1.1 varnish (Varnish/7.1)' }],
  ['nginx', { Server: 'nginx/1.25.3' }],
  ['nginx', { Server: 'openresty' }],
  ['apache', { Server: 'Apache/2.4.57 (Debian)' }],
  ['unknown', { Server: 'Kestrel' }],
  ['unknown', { 'Content-Type': 'text/html' }],
];

describe('recogniseLayer', () => {
  it.each(CASES)('recognises %s from %j', (layer, headers) => {
    expect(recogniseLayer(h(headers))).toBe(layer);
  });

  it('says unknown when there are no headers', () => {
    expect(recogniseLayer(undefined)).toBe('unknown');
    expect(recogniseLayer([])).toBe('unknown');
  });

  it('counts CDNs and load balancers as edges, the web servers behind them not', () => {
    expect(EDGE_LAYERS.has('cloudflare')).toBe(true);
    expect(EDGE_LAYERS.has('aws-elb')).toBe(true);
    expect(EDGE_LAYERS.has('nginx')).toBe(false);
    expect(EDGE_LAYERS.has('apache')).toBe(false);
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
