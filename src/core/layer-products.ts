/**
 * The products a request can pass through, by where they sit. Names are brands and stay as they are in
 * every language. Status pages are a fixed list: the popup links to them and requests nothing itself.
 */
export type LayerKind = 'visitor-proxy' | 'cdn' | 'platform' | 'gateway' | 'server';

export interface Product {
  name: string;
  kind: LayerKind;
  /** Run by one company for many unrelated sites: its outage shows up on all of them at once. */
  provider?: boolean;
  /** The provider's public status page. */
  statusPage?: string;
}

const AWS_STATUS = 'https://health.aws.amazon.com/health/status';
const AZURE_STATUS = 'https://azure.status.microsoft/status';
const GOOGLE_CLOUD_STATUS = 'https://status.cloud.google.com/';

const cdn = (name: string, statusPage?: string): Product => ({
  name,
  kind: 'cdn',
  provider: true,
  statusPage,
});
const platform = (name: string, statusPage?: string): Product => ({
  name,
  kind: 'platform',
  provider: true,
  statusPage,
});
const cloudGateway = (name: string, statusPage: string): Product => ({
  name,
  kind: 'gateway',
  provider: true,
  statusPage,
});
const gateway = (name: string): Product => ({ name, kind: 'gateway' });
const server = (name: string): Product => ({ name, kind: 'server' });
const visitorProxy = (name: string): Product => ({ name, kind: 'visitor-proxy' });

export const PRODUCTS = {
  // Proxies on the visitor's side: a company's gateway, an antivirus web shield, a debugging proxy.
  squid: visitorProxy('Squid'),
  zscaler: visitorProxy('Zscaler'),
  bluecoat: visitorProxy('Blue Coat'),
  forcepoint: visitorProxy('Forcepoint'),
  'palo-alto': visitorProxy('Palo Alto Networks'),
  antivirus: visitorProxy('Antivirus'),
  fiddler: visitorProxy('Fiddler'),
  charles: visitorProxy('Charles'),
  mitmproxy: visitorProxy('mitmproxy'),
  burp: visitorProxy('Burp Suite'),
  zap: visitorProxy('OWASP ZAP'),
  whistle: visitorProxy('whistle'),
  privoxy: visitorProxy('Privoxy'),
  sophos: visitorProxy('Sophos Web Appliance'),
  'mcafee-web-gateway': visitorProxy('McAfee Web Gateway'),
  'cisco-wsa': visitorProxy('Cisco Web Security Appliance'),
  // CDNs and edges.
  cloudflare: cdn('Cloudflare', 'https://www.cloudflarestatus.com/'),
  cloudfront: cdn('CloudFront', AWS_STATUS),
  fastly: cdn('Fastly', 'https://www.fastlystatus.com/'),
  akamai: cdn('Akamai', 'https://www.akamaistatus.com/'),
  'azure-front-door': cdn('Azure Front Door', AZURE_STATUS),
  'google-cloud': cdn('Google Cloud', GOOGLE_CLOUD_STATUS),
  bunny: cdn('Bunny CDN', 'https://status.bunny.net/'),
  keycdn: cdn('KeyCDN', 'https://status.keycdn.com/'),
  stackpath: cdn('StackPath'),
  sucuri: cdn('Sucuri'),
  imperva: cdn('Imperva'),
  'ddos-guard': cdn('DDoS-Guard'),
  gcore: cdn('Gcore', 'https://status.gcore.com/'),
  // Platforms' routers.
  heroku: platform('Heroku', 'https://status.heroku.com/'),
  vercel: platform('Vercel', 'https://www.vercel-status.com/'),
  netlify: platform('Netlify', 'https://www.netlifystatus.com/'),
  fly: platform('Fly.io', 'https://status.flyio.net/'),
  render: platform('Render', 'https://status.render.com/'),
  railway: platform('Railway', 'https://status.railway.com/'),
  github: platform('GitHub Pages', 'https://www.githubstatus.com/'),
  firebase: platform('Firebase Hosting', 'https://status.firebase.google.com/'),
  'app-engine': platform('Google App Engine', GOOGLE_CLOUD_STATUS),
  // Platforms companies also run themselves: no one provider's outage.
  'openshift-router': { name: 'OpenShift router', kind: 'platform' },
  'cloud-foundry': { name: 'Cloud Foundry router', kind: 'platform' },
  // Load balancers and gateways.
  'aws-alb': cloudGateway('AWS ALB', AWS_STATUS),
  'aws-elb': cloudGateway('AWS Classic ELB', AWS_STATUS),
  'aws-api-gateway': cloudGateway('AWS API Gateway', AWS_STATUS),
  'azure-app-gateway': cloudGateway('Azure App Gateway', AZURE_STATUS),
  'huawei-elb': { name: 'Huawei Cloud ELB', kind: 'gateway', provider: true },
  apigee: cloudGateway('Apigee', GOOGLE_CLOUD_STATUS),
  kong: gateway('Kong'),
  apisix: gateway('Apache APISIX'),
  linkerd: gateway('Linkerd'),
  envoy: gateway('Envoy'),
  traefik: gateway('Traefik'),
  haproxy: gateway('HAProxy'),
  varnish: gateway('Varnish'),
  // The site's own web server (nginx includes OpenResty and Tengine, which write nginx's pages).
  caddy: server('Caddy'),
  nginx: server('nginx'),
  apache: server('Apache httpd'),
  iis: server('IIS'),
  litespeed: server('LiteSpeed'),
  passenger: server('Phusion Passenger'),
} satisfies Record<string, Product>;

export type LayerId = keyof typeof PRODUCTS | 'unknown';

// Ids that older versions stored in the history, and what they are called now.
const RENAMED: Record<string, keyof typeof PRODUCTS> = { google: 'google-cloud' };

/** The product behind a layer id (older stored ids included); null for `unknown` or an id never used. */
export function layerProduct(id: string): Product | null {
  const current = RENAMED[id] ?? id;
  return Object.hasOwn(PRODUCTS, current) ? PRODUCTS[current as keyof typeof PRODUCTS] : null;
}
