import { describe, expect, it } from 'vitest';
import {
  type FailureSeen,
  findProviderOutage,
  PROVIDER_OUTAGE_WINDOW_MS,
  siteOf,
} from '../../src/core/provider-outage';

const T = 10_000_000;
const seen = (host: string, chain: FailureSeen['chain'], at = T): FailureSeen => ({ host, chain, at });

describe('siteOf', () => {
  it('joins hosts of one domain and keeps country second levels', () => {
    expect(siteOf('www.example.com')).toBe('example.com');
    expect(siteOf('shop.example.com.')).toBe('example.com');
    expect(siteOf('news.example.co.uk')).toBe('example.co.uk');
    expect(siteOf('www.example.co.jp')).toBe('example.co.jp');
    expect(siteOf('example.de')).toBe('example.de');
    expect(siteOf('127.0.0.1')).toBe('127.0.0.1');
    expect(siteOf('localhost')).toBe('localhost');
  });
});

describe('findProviderOutage', () => {
  const current = seen('shop.example', ['cloudflare']);

  it('sees an outage when an unrelated site failed through the same provider within minutes', () => {
    const outage = findProviderOutage(current, [
      seen('news.example.org', ['cloudflare', 'nginx'], T - 60_000),
      seen('blog.news.example.org', ['cloudflare'], T - 30_000), // the same site again
    ]);
    expect(outage).toEqual({
      provider: 'cloudflare',
      hosts: ['news.example.org'],
      statusPage: 'https://www.cloudflarestatus.com/',
    });
  });

  it('counts the outermost provider, behind a proxy on the visitor side too', () => {
    const outage = findProviderOutage(seen('a.example', ['cloudfront', 'aws-api-gateway']), [
      seen('b.example', ['cloudfront']),
    ]);
    expect(outage?.provider).toBe('cloudfront');
    expect(outage?.statusPage).toBe('https://health.aws.amazon.com/health/status');
  });

  it('sees none for the same site, another provider, failures far apart, or no provider at all', () => {
    expect(findProviderOutage(current, [seen('www.shop.example', ['cloudflare'])])).toBeNull();
    expect(findProviderOutage(current, [seen('news.example', ['fastly'])])).toBeNull();
    expect(
      findProviderOutage(current, [seen('news.example', ['cloudflare'], T - PROVIDER_OUTAGE_WINDOW_MS - 1)]),
    ).toBeNull();
    // Self-run servers and the visitor's own proxy are no provider: their failures are not shared.
    expect(findProviderOutage(seen('a.example', ['nginx']), [seen('b.example', ['nginx'])])).toBeNull();
    expect(findProviderOutage(seen('a.example', ['squid']), [seen('b.example', ['squid'])])).toBeNull();
  });

  it('gives no status link for a provider without one in the list', () => {
    expect(findProviderOutage(seen('a.example', ['sucuri']), [seen('b.example', ['sucuri'])])).toEqual({
      provider: 'sucuri',
      hosts: ['b.example'],
      statusPage: null,
    });
  });
});
