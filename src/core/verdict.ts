import { type LayerId, layerProduct } from './layer';
import { failureOf } from './net-errors';
import type { CheckResult, TabRecovery } from './recovery-state';

/**
 * Whose side a gateway error is on, as far as the evidence goes. `proxy` is a proxy on the visitor's
 * own network (a company gateway, an antivirus web shield, a debugging proxy) that wrote the error.
 */
export type VerdictSide = 'site' | 'yours' | 'connection' | 'proxy';

/** The evidence that decided the verdict, most telling first. */
export type VerdictReason =
  | 'offline'
  | 'check-unreachable'
  | 'check-ok'
  | 'tab-disagrees'
  | 'check-failed'
  | 'visitor-proxy'
  | 'visitor-network'
  | 'edge-layer'
  | 'server-error'
  /** The load got no answer: the server refused, dropped or did not answer in time. */
  | 'no-answer'
  /** The site's name does not resolve. */
  | 'name-not-resolved'
  | 'answered-other';

/** The fixes the popup offers, each one step a visitor can take. */
export type FixId =
  | 'reload'
  | 'bypass-cache'
  | 'clear-cache'
  | 'private-window'
  | 'other-device'
  | 'other-network'
  | 'proxy-settings'
  | 'ask-network-admin'
  | 'dns'
  | 'down-for-everyone'
  | 'archive';

/** One hop of the path browser → (visitor's proxy) → CDNs and gateways → site, as the verdict sees it. */
export type HopState = 'ok' | 'failing' | 'unknown';

export interface Hop {
  /** `edge` with layer `unknown` is the CDN or proxy that likely sits in front of a site. */
  kind: 'browser' | 'proxy' | 'edge' | 'site';
  /** The product at this hop, when recognised; for the site, its web server. */
  layer: LayerId;
  state: HopState;
}

export interface Verdict {
  side: VerdictSide;
  reason: VerdictReason;
  /** Fixes in the order worth trying for this verdict. */
  fixes: FixId[];
  /** The path, visitor first: the failing hop is the one behind the layer that wrote the error. */
  hops: Hop[];
}

export interface VerdictInput {
  online: boolean;
  /** `chain` may be missing in a record stored by an older version. */
  tab: Pick<TabRecovery, 'layer' | 'method' | 'phase' | 'failure' | 'confidence' | 'private'> & {
    chain?: LayerId[];
  };
  /** The extension's own latest check of the site (no cache, no cookies), if any. */
  lastCheck: CheckResult | null;
  /** `tab` once the site answered a check without cookies while the tab, with them, still failed. */
  checkBy?: 'fetch' | 'tab';
  /** Unrelated sites failed with this very error meanwhile (`findVisitorNetwork`). */
  visitorNetwork?: boolean;
}

// Each order puts first what can help on that side; the rest stays reachable.
// The proxy steps are offered only when a proxy on the visitor's side wrote the error.
const ORDER: Record<VerdictSide, FixId[]> = {
  site: [
    'down-for-everyone',
    'archive',
    'reload',
    'bypass-cache',
    'other-device',
    'private-window',
    'clear-cache',
    'dns',
  ],
  yours: [
    'clear-cache',
    'bypass-cache',
    'private-window',
    'reload',
    'other-device',
    'dns',
    'down-for-everyone',
    'archive',
  ],
  connection: [
    'dns',
    'other-device',
    'reload',
    'bypass-cache',
    'private-window',
    'clear-cache',
    'down-for-everyone',
    'archive',
  ],
  proxy: [
    'other-network',
    'proxy-settings',
    'ask-network-admin',
    'reload',
    'down-for-everyone',
    'archive',
    'bypass-cache',
    'private-window',
    'clear-cache',
    'dns',
  ],
};

// Offline, nothing on the site's side or in its name helps: another device on another network, or the
// reload once back online, lead; the rest stays reachable, DNS and clearing the cache last.
const OFFLINE: FixId[] = [
  'other-device',
  'reload',
  'bypass-cache',
  'private-window',
  'down-for-everyone',
  'archive',
  'dns',
  'clear-cache',
];

// Reloading the answer to a form sends the form again: the popup offers that only as its own, explained button.
const RESENDS_FORM: ReadonlySet<FixId> = new Set(['reload', 'bypass-cache']);

// When the site answers without the visitor's cookies but not with them, the cookies are what to change.
const COOKIES_FIRST: FixId[] = ['clear-cache', 'private-window'];

function decide({
  online,
  tab,
  lastCheck,
  checkBy,
  visitorNetwork,
}: VerdictInput): Pick<Verdict, 'side' | 'reason'> {
  const failure = failureOf(tab);
  if (!online || failure === 'offline') return { side: 'connection', reason: 'offline' };
  // The gateway error is over: the site answers this page with an error of its own.
  if (tab.phase === 'answered-other') return { side: 'site', reason: 'answered-other' };
  // A load that got no answer, and no check that got one since: the DNS advice leads for a name that
  // does not resolve; a server that refuses or keeps silent is the site's side, whatever our checks meet.
  if (failure && !lastCheck?.ok && checkBy !== 'tab') {
    return failure === 'dns'
      ? { side: 'connection', reason: 'name-not-resolved' }
      : { side: 'site', reason: 'no-answer' };
  }
  if (lastCheck && !lastCheck.ok && lastCheck.status === null) {
    return { side: 'connection', reason: 'check-unreachable' };
  }
  if (checkBy === 'tab') return { side: 'yours', reason: 'tab-disagrees' };
  // While the tab reloads after a good check, the good check is not yet evidence against the tab.
  if (lastCheck?.ok && tab.phase !== 'reloading') return { side: 'yours', reason: 'check-ok' };
  // The check goes through the same proxy, so a failing check does not clear the proxy. A proxy named
  // only on wording other pages share is no proof the visitor's network failed: alone it leaves the
  // side to the check.
  if (layerProduct(tab.layer)?.kind === 'visitor-proxy' && tab.confidence !== 'probable')
    return { side: 'proxy', reason: 'visitor-proxy' };
  // A generic proxy names no product; unrelated sites failing with its very error do.
  if (visitorNetwork) return { side: 'proxy', reason: 'visitor-network' };
  if (lastCheck && !lastCheck.ok) return { side: 'site', reason: 'check-failed' };
  const kind = layerProduct(tab.layer)?.kind;
  if (kind === 'cdn' || kind === 'platform' || kind === 'gateway')
    return { side: 'site', reason: 'edge-layer' };
  return { side: 'site', reason: 'server-error' };
}

// A picture with more hops than this would not fit the popup: the edges between are left out.
const MAX_EDGE_HOPS = 2;

/** The hops to draw: the visitor's proxies, the outermost edge and the one that wrote the error, the site. */
function hopsFor(side: VerdictSide, reason: VerdictReason, tab: VerdictInput['tab']): Hop[] {
  // Known only across sites, the visitor's proxy is whatever wrote the error (an nginx) or unnamed;
  // nothing of the site behind it was seen.
  if (reason === 'visitor-network') {
    return [
      { kind: 'browser', layer: 'unknown', state: 'ok' },
      { kind: 'proxy', layer: tab.layer, state: 'failing' },
      { kind: 'site', layer: 'unknown', state: 'unknown' },
    ];
  }
  const chain = tab.chain ?? (tab.layer === 'unknown' ? [] : [tab.layer]);
  const answered = chain.indexOf(tab.layer);
  const kindOf = (id: LayerId) => layerProduct(id)?.kind;
  const proxies = chain.filter((id) => kindOf(id) === 'visitor-proxy');
  // Layers behind the one that wrote the error never saw the request fail; they are not drawn.
  const upTo = answered < 0 ? chain : chain.slice(0, answered + 1);
  let edges = upTo.filter((id) => kindOf(id) !== 'visitor-proxy' && kindOf(id) !== 'server');
  if (edges.length > MAX_EDGE_HOPS) edges = [edges[0]!, edges.at(-1)!];
  // Some CDN or proxy usually fronts a site; a visitor's proxy that wrote the error hides what is behind it.
  // A load that got no answer met nothing on the way that answered: no hop is drawn for it.
  if (edges.length === 0 && side !== 'proxy' && !failureOf(tab)) edges = ['unknown'];
  const server = upTo.find((id) => kindOf(id) === 'server') ?? 'unknown';

  const state = (kind: Hop['kind']): HopState => {
    switch (side) {
      case 'site':
        return kind === 'site' ? 'failing' : 'ok';
      case 'yours':
        return kind === 'browser' ? 'failing' : 'ok';
      case 'connection':
        return kind === 'browser' ? 'failing' : 'unknown';
      case 'proxy':
        return kind === 'browser' ? 'ok' : kind === 'proxy' ? 'failing' : 'unknown';
    }
  };
  return [
    { kind: 'browser', layer: 'unknown', state: state('browser') },
    ...proxies.map((layer): Hop => ({ kind: 'proxy', layer, state: state('proxy') })),
    ...edges.map((layer): Hop => ({ kind: 'edge', layer, state: state('edge') })),
    { kind: 'site', layer: server, state: state('site') },
  ];
}

/** Combines what is known about a failing tab into whose fault it likely is and what to try, in order. */
export function decideVerdict(input: VerdictInput): Verdict {
  const { side, reason } = decide(input);
  const isPost = input.tab.method.toUpperCase() === 'POST';
  const order =
    reason === 'offline'
      ? OFFLINE
      : reason === 'tab-disagrees'
        ? [...COOKIES_FIRST, ...ORDER[side].filter((f) => !COOKIES_FIRST.includes(f))]
        : ORDER[side];
  // A private tab is in a private window already.
  const fixes = order.filter(
    (fix) => !(isPost && RESENDS_FORM.has(fix)) && !(input.tab.private && fix === 'private-window'),
  );
  return { side, reason, fixes, hops: hopsFor(side, reason, input.tab) };
}
