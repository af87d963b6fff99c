/**
 * Which layers a failed request went through and whose error page it got, recognised from every
 * response header, the reason phrase and the first few kilobytes of the body of the extension's own
 * check, with the signatures of `layer-signatures.ts`. A layer is named only on its own evidence, and
 * a name the evidence does not prove is marked probable.
 */

import { boundHeaders, MAX_HEADERS } from './bounds';
import { type LayerId, layerProduct, PRODUCTS } from './layer-products';
import { ABSORBS, type Known, SIGNATURES } from './layer-signatures';

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
