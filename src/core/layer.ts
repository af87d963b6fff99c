/**
 * Which layers a failed request went through and whose error page it got, recognised from every
 * response header and the first few kilobytes of the body of the extension's own check.
 * Signatures are taken from real error responses (tests/unit/fixtures/layer-captures.json has each
 * sample with its source); a layer is named only on evidence, never guessed.
 */

import { boundHeaders, MAX_HEADERS } from './bounds';
import { type LayerId, layerProduct, PRODUCTS } from './layer-products';

type Known = Exclude<LayerId, 'unknown'>;

export { type LayerId, type LayerKind, layerProduct, PRODUCTS } from './layer-products';

export type HeaderList = ReadonlyArray<{ name: string; value?: string }>;
/** Headers as the browser gives them, or as they are stored (`[name, value]`). */
export type AnyHeaders = HeaderList | ReadonlyArray<readonly [string, string]>;

/** What a failed answer showed: its status, headers and, from the extension's own check, a body prefix. */
export interface LayerEvidence {
  status?: number;
  /** The status line's reason phrase (HTTP/1.1 only; HTTP/2 has none). */
  statusText?: string;
  headers?: AnyHeaders;
  /** The first few kilobytes of the body (only the extension's check reads it; a page's body never). */
  body?: string;
}

/** One clue and the layer it points to, e.g. `['squid', 'x-squid-error: ERR_READ_ERROR 0']`. */
export type Clue = [LayerId, string];

export interface LayerReading {
  /** Every layer recognised, outermost (nearest the visitor) first. */
  chain: LayerId[];
  /** The layer whose error this is: the hop behind it is the one that failed. `unknown` when none shows. */
  answeredBy: LayerId;
  /** The clues, in the order of the chain: what the popup and the operators' report cite. */
  clues: Clue[];
  /**
   * How sure the name in `answeredBy` is. `probable` when only wording other products may share names
   * it (a PaaS's "Application error", a bare JSON message), or when nothing shows that it wrote the
   * error itself (the innermost layer seen, e.g. a CDN that may have passed its origin's error on): the
   * page says "probably", never plainly. `sure` for `unknown`, which names nobody.
   */
  confidence: Confidence;
  /** The layers of the chain named only on such wording, to show as "probably" too. */
  probable: LayerId[];
}

export type Confidence = 'sure' | 'probable';

/**
 * A signature. `made` marks evidence that this layer wrote the error itself (its own error page or an
 * error header), not that the answer merely passed through it (a `via` entry, a request id).
 */
interface Signature {
  layer: Known;
  made?: boolean;
  /** A header name, `:reason` for the reason phrase, or absent for the body prefix. */
  header?: string;
  /** Tested on the lower-cased header value or reason phrase, or on the body prefix. */
  test: RegExp;
  /** Only for these statuses (Cloudflare's own 52x codes). */
  status?: (code: number) => boolean;
  /** Wording that other products could write too: on its own it names the layer as probable only. */
  weak?: boolean;
}

const s = (layer: Known, header: string | undefined, test: RegExp, made = false): Signature => ({
  layer,
  header,
  test,
  made,
});
const body = (layer: Known, test: RegExp, made = true) => s(layer, undefined, test, made);
const weakBody = (layer: Known, test: RegExp): Signature => ({ ...body(layer, test), weak: true });

// Header names are lower-cased; values are lower-cased before testing; bodies are tested as they come (i flag).
const SIGNATURES: Signature[] = [
  // Proxies on the visitor's side. Squid puts its name in `server` only on pages it wrote itself.
  s('squid', 'x-squid-error', /./, true),
  s('squid', 'server', /^squid/, true),
  s('squid', 'via', /\(squid[/)]/),
  body('squid', /Generated .{0,200}\(squid\/[\d.]+\)/is),
  // Its pages' stylesheet and copyright, also where the footer's placeholders were never filled.
  body('squid', /the squid software foundation|\/squid-internal-static\/|stylesheet for squid error pages/i),
  s('zscaler', 'server', /zscaler/, true),
  body('zscaler', /zscaler/i),
  s('bluecoat', 'server', /bluecoat|proxysg/, true),
  s('bluecoat', 'x-bluecoat-via', /./),
  s('bluecoat', 'via', /bluecoat|proxysg/),
  body('bluecoat', /blue ?coat|symantec web ?security|proxysg|network error \(tcp_error\)/i),
  weakBody('bluecoat', /contact your network support team/i),
  s('forcepoint', 'via', /websense|forcepoint/),
  body('forcepoint', /forcepoint|websense/i),
  s('palo-alto', 'server', /pan-?os|paloalto/, true),
  body('palo-alto', /palo alto networks/i),
  // Antivirus web shields answer in their product's name (Kaspersky's page: browser-update/browser-update#64).
  body(
    'antivirus',
    /kaspersky (?:internet security|anti-virus|total security|endpoint security|security cloud)|eset (?:internet security|smart security|nod32)|(?:avast|avg) web shield/i,
  ),
  s('fiddler', 'fiddlertemplate', /./, true),
  s('fiddler', ':reason', /^fiddler - /, true),
  body('fiddler', /\[fiddler\]/i),
  s('charles', 'server', /^charles/, true),
  body('charles', /charles (?:error report|proxy|web debugging proxy)/i),
  s('mitmproxy', 'server', /^mitmproxy/, true),
  body('mitmproxy', /mitmproxy/i),
  // mitmproxy's own page puts the Python exception that ended the flow under the status.
  body('mitmproxy', /<h1>50\d [\w ]+<\/h1>\s*<p>\w+(?:Exception|Error|Disconnect)\((?:&quot;|&#x27;)/i),
  body('burp', /burp suite (?:professional|community edition)/i),
  s('whistle', 'x-server', /whistle/, true),
  body('whistle', /from: whistle@/i),
  body('zap', /\bzap error\b|owasp zap|zed attack proxy|zaproxy/i),
  // Privoxy's templates put its name in the title: "503 - Forwarding failure (Privoxy@localhost)".
  body('privoxy', /\(privoxy@[^)]*\)|privoxy (?:was unable|encountered an error)/i),
  body('sophos', /sophos web appliance|sophos limited/i),
  body('mcafee-web-gateway', /mcafee web gateway|\/mwg-internal\//i),

  // CDNs and edges.
  s('cloudflare', 'cf-ray', /./),
  s('cloudflare', 'server', /cloudflare/),
  {
    layer: 'cloudflare',
    header: 'server',
    test: /cloudflare/,
    made: true,
    status: (c) => c >= 520 && c <= 530,
  },
  // Its HTML pages, and the JSON error it gives API clients (cachix/cachix#730: `"cloudflare_error": true`).
  body(
    'cloudflare',
    /cf-error-details|id="cf-wrapper"|cloudflare ray id|<center>cloudflare<\/center>|"cloudflare_error"\s*:\s*true|developers\.cloudflare\.com\/support\/troubleshooting\/http-status-codes/i,
  ),
  s('cloudfront', 'x-amz-cf-id', /./),
  s('cloudfront', 'x-amz-cf-pop', /./),
  s('cloudfront', 'via', /cloudfront/),
  s('cloudfront', 'server', /cloudfront/),
  body(
    'cloudfront',
    /generated by cloudfront|cloudfront (?:attempted to establish a connection with|wasn't able to connect to|couldn't connect to) the origin/i,
  ),
  weakBody('cloudfront', /the request could not be satisfied/i),
  s('fastly', 'x-fastly-request-id', /./),
  s('fastly', 'fastly-debug-digest', /./),
  s('fastly', 'x-served-by', /^cache-[a-z]{3}/),
  s('fastly', 'server', /fastly/),
  body('fastly', /details: cache-[a-z]{3}|fastly error/i),
  s('akamai', 'server', /akamai/),
  s('akamai', 'x-akamai-request-id', /./),
  s('akamai', 'akamai-grn', /./),
  body(
    'akamai',
    /errors\.edgesuite\.net|reference&#32;&#35;|reference #\d+\.[\da-f]+\.\d+\.[\da-f]+|akamai/i,
  ),
  s('azure-front-door', 'x-azure-ref', /./),
  s('azure-front-door', 'x-msedge-ref', /./),
  body('azure-front-door', /azure front door|our services aren't available right now/i),
  s('google-cloud', 'via', /\bgoogle\b/),
  s('google-cloud', 'server', /^(?:gws|gfe|esf|google frontend)/),
  body(
    'google-cloud',
    /that’s an error\.|that's an error\.|error \d{3} \(server error\)!!1|the server encountered a temporary error and could not complete your request/i,
  ),
  s('bunny', 'server', /bunnycdn/),
  s('bunny', 'cdn-requestid', /./),
  s('bunny', 'cdn-pullzone', /./),
  s('keycdn', 'server', /keycdn/),
  s('stackpath', 'server', /stackpath|highwinds/),
  s('stackpath', 'x-hw', /./),
  s('sucuri', 'server', /sucuri/),
  s('sucuri', 'x-sucuri-id', /./),
  body('sucuri', /sucuri website firewall/i),
  s('imperva', 'x-iinfo', /./),
  s('imperva', 'x-cdn', /incapsula|imperva/),
  body('imperva', /incapsula incident id|_incapsula_resource/i),
  s('ddos-guard', 'server', /ddos-guard/),
  body('ddos-guard', /ddos-guard/i),
  s('gcore', 'server', /gcore|g-core/),
  s('gcore', 'x-id-fe', /./),

  // Platforms' routers.
  s('heroku', 'via', /vegur|heroku-router/),
  s('heroku', 'server', /^heroku/),
  body('heroku', /herokucdn\.com\/error-pages|heroku_pages\/|heroku logs --tail/i),
  weakBody(
    'heroku',
    /<title>application error<\/title>|an error occurred in the application and your page could not be served/i,
  ),
  s('vercel', 'x-vercel-id', /./),
  s('vercel', 'x-vercel-error', /./, true),
  s('vercel', 'server', /vercel/),
  body(
    'vercel',
    /vercel is working correctly|an error occurred with your deployment|\b(?:function_invocation_(?:failed|timeout)|no_response_from_function|deployment_not_found)\b/i,
  ),
  s('netlify', 'x-nf-request-id', /./),
  s('netlify', 'server', /netlify/),
  body('netlify', /netlify internal id:/i),
  weakBody('netlify', /this edge function has crashed/i),
  s('fly', 'fly-request-id', /./),
  s('fly', 'server', /^fly\//),
  s('fly', 'via', /fly\.io/),
  s('render', 'rndr-id', /./),
  s('render', 'x-render-origin-server', /./),
  s('render', 'x-render-routing', /./, true),
  s('railway', 'x-railway-request-id', /./),
  s('railway', 'x-railway-edge', /./),
  s('railway', 'server', /railway/),
  weakBody('railway', /application failed to respond/i),
  s('github', 'x-github-request-id', /./),
  s('github', 'server', /^github\.com/),
  body('github', /<title>[^<]*(?:&middot;|·) github<\/title>|github pages/i),
  s('firebase', 'server', /firebase/),
  s('app-engine', 'x-appengine-resource-usage', /./),
  body('openshift-router', /the application is currently not serving requests at this endpoint/i),
  // Cloud Foundry's gorouter; Meteor's Galaxy documents the same sentence, so it is not sure.
  weakBody('cloud-foundry', /registered endpoints? failed to handle the request/i),

  // Load balancers and gateways.
  s('aws-alb', 'server', /^awselb\/2/),
  s('huawei-elb', 'server', /^elb$/),
  s('aws-elb', 'server', /^awselb(?!\/2)/),
  // Classic ELB's own 503 has no body and no server header, only its reason phrase (flynn/flynn#2738).
  s('aws-elb', ':reason', /back-end server is at capacity/, true),
  s('aws-api-gateway', 'x-amz-apigw-id', /./),
  s('aws-api-gateway', 'x-amzn-errortype', /./, true),
  s('aws-api-gateway', 'apigw-requestid', /./),
  body('aws-api-gateway', /^\{\s*"message"\s*:\s*"endpoint request timed out"\s*\}/i),
  weakBody(
    'aws-api-gateway',
    /^\{\s*"message"\s*:\s*"(?:internal server error|service unavailable)"\s*\}\s*$/i,
  ),
  s('azure-app-gateway', 'server', /microsoft-azure-application-gateway/),
  body('azure-app-gateway', /microsoft-azure-application-gateway/i),
  s('kong', 'server', /^kong/),
  s('kong', 'via', /\bkong\//),
  s('kong', 'x-kong-proxy-latency', /./),
  s('kong', 'x-kong-response-latency', /./, true),
  body('kong', /an invalid response was received from the upstream server|"kong_error"/i),
  s('apisix', 'server', /^apisix/),
  s('apisix', 'x-apisix-upstream-status', /./),
  body('apisix', /powered by <a href="https:\/\/apisix\.apache\.org\/?">apisix<\/a>/i),
  s('linkerd', 'l5d-err', /./, true),
  s('apigee', 'server', /apigee/),
  body('apigee', /messaging\.adaptors\.http|"errorcode"\s*:\s*"(?:messaging|protocol|policies)\./i),
  weakBody('apigee', /"faultstring"/i),
  s('envoy', 'server', /envoy/),
  s('envoy', 'x-envoy-upstream-service-time', /./),
  body(
    'envoy',
    /^(?:upstream connect error or disconnect\/reset before headers|no healthy upstream|upstream request timeout)/i,
  ),
  weakBody('traefik', /^no available server\s*$/i),
  s('caddy', 'server', /^caddy/),
  body(
    'haproxy',
    /no server is available to handle this request|the server didn't respond in time|the server returned an invalid or incomplete response/i,
  ),
  s('nginx', 'server', /^(?:nginx|openresty|tengine)/),
  body('nginx', /<hr\s*\/?>\s*<center>(?:nginx|openresty)|powered by tengine|<center>tengine/i),
  s('apache', 'server', /^apache/),
  body(
    'apache',
    /<title>\d{3} proxy error<\/title>|<h1>proxy error<\/h1>|<address>apache|unable to service your\s+request due to maintenance downtime or capacity\s+problems|proxy error\s+the proxy server received an invalid\s+response from an upstream server|apache\/\d[\d.]* \([^)]*\) server at /i,
  ),
  s('iis', 'server', /microsoft-iis/),
  s('iis', 'x-powered-by', /\barr\/|asp\.net/),
  body(
    'iis',
    /web server received an invalid response while acting as a gateway or proxy server|iis web core|<h3>HTTP Error 50\d\.\d/i,
  ),
  // HTTP.sys's own page and the numbered pages of IIS modules (ARR, the ASP.NET Core module), as text.
  body(
    'iis',
    /HTTP Error 503\. The service is unavailable\.|\bHTTP Error 50\d\.\d{1,2} - (?:Bad Gateway|Service Unavailable|Gateway Timeout)/i,
  ),
  s('litespeed', 'server', /litespeed/),
  body('litespeed', /litespeed web server/i),
  weakBody('litespeed', /the server is temporarily busy, try again later!/i),
  body('passenger', /incomplete response received from application/i),
  s('varnish', 'x-varnish', /./),
  s('varnish', 'via', /varnish/),
  s('varnish', 'server', /varnish/),
  body('varnish', /guru medi?t?ation|varnish cache server/i),
];

/**
 * When two fit, the more specific product wins: a layer built on another takes that one's clues when
 * they are all of the kind it writes itself. Fastly runs Varnish (its own pages say "Varnish cache
 * server"); Google's load balancers answer "no healthy upstream" as Envoy does, but an Envoy that names
 * itself in a header (Istio on GKE) is a real hop; Kong and APISIX run on OpenResty and answer with its
 * page, while an upstream nginx's own page (`<center>nginx</center>`) stays that nginx's.
 */
const ABSORBS: [outer: Known, inner: Known, takes: (clue: string) => boolean][] = [
  ['fastly', 'varnish', () => true],
  ['google-cloud', 'envoy', (clue) => clue.startsWith('body: ')],
  ['kong', 'nginx', (clue) => /openresty/i.test(clue)],
  ['apisix', 'nginx', (clue) => /openresty/i.test(clue)],
];

/**
 * Ranks for ordering a chain from the visitor outwards: the visitor's own proxy first, then edges,
 * platforms, gateways and the site's own web server.
 */
const RANK = { 'visitor-proxy': 0, cdn: 1, platform: 2, gateway: 3, server: 4 } as const;

/** Headers as lower-cased name and value, with the value as sent for the clue; a name may repeat. */
function triples(headers: AnyHeaders | undefined): [name: string, lower: string, value: string][] {
  return [...(headers ?? [])].map((h) => {
    const [name, value] = Array.isArray(h)
      ? h
      : [(h as { name: string }).name, (h as { value?: string }).value];
    const text = String(value ?? '');
    return [String(name).toLowerCase(), text.toLowerCase(), text];
  });
}

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Reads the layers from an error response's evidence. */
export function recogniseLayers(evidence: LayerEvidence): LayerReading {
  const reason = evidence.statusText?.trim();
  const headers = [...triples(evidence.headers), ...(reason ? triples([[':reason', reason]]) : [])];
  const text = evidence.body ?? '';
  const found = new Map<Known, { clues: string[]; made: boolean; sure: boolean; first: number }>();
  SIGNATURES.forEach((sig, index) => {
    if (sig.status && !(evidence.status !== undefined && sig.status(evidence.status))) return;
    let clue: string | null = null;
    if (sig.header) {
      const hit = headers.find(([name, lower]) => name === sig.header && sig.test.test(lower));
      if (hit) clue = `${hit[0] === ':reason' ? 'status line' : hit[0]}: ${hit[2]}`;
    } else {
      const hit = sig.test.exec(text.trimStart());
      if (hit) clue = `body: “${clip(hit[0].replace(/\s+/g, ' ').trim(), 60)}”`;
    }
    if (clue === null) return;
    if (sig.status) clue = `${evidence.status} + ${clue}`;
    const entry = found.get(sig.layer) ?? { clues: [], made: false, sure: false, first: index };
    if (!entry.clues.includes(clip(clue))) entry.clues.push(clip(clue));
    entry.made ||= Boolean(sig.made);
    entry.sure ||= !sig.weak;
    found.set(sig.layer, entry);
  });
  for (const [outer, inner, takes] of ABSORBS) {
    const host = found.get(outer);
    const absorbed = found.get(inner);
    if (!host || !absorbed?.clues.every(takes)) continue;
    host.clues.push(...absorbed.clues);
    host.made ||= absorbed.made;
    host.sure ||= absorbed.sure;
    found.delete(inner);
  }
  if (found.size === 0)
    return { chain: [], answeredBy: 'unknown', clues: [], confidence: 'sure', probable: [] };

  const chain = [...found.keys()].sort(
    (a, b) => RANK[PRODUCTS[a].kind] - RANK[PRODUCTS[b].kind] || found.get(a)!.first - found.get(b)!.first,
  );
  // Whose error: the innermost layer that wrote an error itself. Failing that, the innermost one
  // (a CDN passes its origin's `server` on), but never a visitor's proxy that only relayed the answer.
  const makers = chain.filter((id) => found.get(id)!.made);
  const relays = chain.filter((id) => PRODUCTS[id].kind !== 'visitor-proxy');
  const answeredBy = makers.at(-1) ?? relays.at(-1) ?? 'unknown';
  const clues = chain.flatMap((id) => found.get(id)!.clues.map((clue): Clue => [id, clue]));
  const probable = chain.filter((id) => !found.get(id)!.sure);
  // Named without proof that it wrote the error (only seen on the way), or only on shared wording.
  const named = answeredBy === 'unknown' ? undefined : found.get(answeredBy);
  const confidence = named && (!named.made || !named.sure) ? 'probable' : 'sure';
  return { chain, answeredBy, clues, confidence, probable };
}

/** The outermost layer run by a provider for many sites (a CDN, a platform, a cloud gateway), if any. */
export function providerOf(chain: readonly LayerId[]): LayerId | null {
  return chain.find((id) => layerProduct(id)?.provider) ?? null;
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
 * with `cf-mitigated: challenge`, and its legacy ones answered 503. A page load's headers or a
 * check's pairs alike.
 */
export function isBotChallenge(headers: AnyHeaders | undefined): boolean {
  return (
    triples(headers)
      .find(([name]) => name === 'cf-mitigated')?.[1]
      .trim() === 'challenge'
  );
}
