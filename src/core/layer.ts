import { boundHeaders, MAX_HEADERS } from './bounds';

/** Which layer answered a request, recognised from the response headers. */
export type LayerId =
  | 'cloudflare'
  | 'cloudfront'
  | 'aws-elb'
  | 'fastly'
  | 'akamai'
  | 'google'
  | 'azure-front-door'
  | 'vercel'
  | 'netlify'
  | 'varnish'
  | 'nginx'
  | 'apache'
  | 'unknown';

/** CDNs and load balancers sit in front of the site: an error from them means the site behind failed. */
export const EDGE_LAYERS: ReadonlySet<LayerId> = new Set([
  'cloudflare',
  'cloudfront',
  'aws-elb',
  'fastly',
  'akamai',
  'google',
  'azure-front-door',
  'vercel',
  'netlify',
  'varnish',
]);

export type HeaderList = ReadonlyArray<{ name: string; value?: string }>;

type Rule = [LayerId, (h: (name: string) => string) => boolean];

// Most specific first: a CDN header wins over the `server` of the proxy behind it.
const RULES: Rule[] = [
  ['cloudflare', (h) => h('cf-ray') !== '' || /cloudflare/.test(h('server'))],
  ['cloudfront', (h) => h('x-amz-cf-id') !== '' || /cloudfront/.test(h('via') + h('server'))],
  ['aws-elb', (h) => /^awselb/.test(h('server')) || /^elb/.test(h('server'))],
  ['azure-front-door', (h) => h('x-azure-ref') !== '' || h('x-msedge-ref') !== ''],
  ['akamai', (h) => /akamai/.test(h('server')) || h('x-akamai-request-id') !== ''],
  [
    'fastly',
    (h) => h('x-fastly-request-id') !== '' || /fastly/.test(h('server')) || h('fastly-debug-digest') !== '',
  ],
  ['vercel', (h) => h('x-vercel-id') !== '' || /vercel/.test(h('server'))],
  ['netlify', (h) => h('x-nf-request-id') !== '' || /netlify/.test(h('server'))],
  ['google', (h) => /^(gws|gfe|esf|google frontend)/.test(h('server')) || /\bgoogle\b/.test(h('via'))],
  ['varnish', (h) => h('x-varnish') !== '' || /varnish/.test(h('via'))],
  ['nginx', (h) => /nginx|openresty/.test(h('server'))],
  ['apache', (h) => /apache/.test(h('server'))],
];

export function recogniseLayer(headers: HeaderList | undefined): LayerId {
  if (!headers?.length) return 'unknown';
  const map = new Map<string, string>();
  for (const { name, value } of headers) map.set(name.toLowerCase(), (value ?? '').toLowerCase());
  const get = (name: string) => map.get(name) ?? '';
  return RULES.find(([, test]) => test(get))?.[0] ?? 'unknown';
}

/** Response headers worth keeping for the popup and a report: never cookies or auth, within `boundHeaders`. */
export function keepableHeaders(headers: HeaderList | undefined): [string, string][] {
  const secret = /^(set-cookie|cookie|authorization|proxy-authorization|www-authenticate)$/i;
  const kept: [string, string][] = [];
  for (const h of headers ?? []) {
    if (kept.length >= MAX_HEADERS) break;
    if (!secret.test(h.name)) kept.push([h.name.toLowerCase(), h.value ?? '']);
  }
  return boundHeaders(kept);
}

export function headerValue(headers: HeaderList | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find((h) => h.name.toLowerCase() === lower)?.value;
}

/**
 * A CDN's bot check ("Just a moment…"), whatever its status: Cloudflare marks every challenge page
 * with `cf-mitigated: challenge`, and its legacy ones answered 503.
 */
export function isBotChallenge(headers: HeaderList | undefined): boolean {
  return headerValue(headers, 'cf-mitigated')?.trim().toLowerCase() === 'challenge';
}
