/**
 * The visitor's own network as the cause: a proxy there that names no product (an nginx, an Envoy)
 * writes the same error for every site. One page cannot tell; the same signature from unrelated
 * sites within minutes, with no sign meanwhile that the network carries pages, can.
 */
import { siteOf } from './provider-outage';

/** Failures this close to the current one count together. */
export const VISITOR_NETWORK_WINDOW_MS = 5 * 60_000;
/**
 * Unrelated sites, this one included. Two sites on one shared host can fail alike; three unrelated
 * sites with the same page and headers, and nothing getting through between them, rarely do unless
 * everything passes one broken box.
 */
export const VISITOR_NETWORK_MIN_SITES = 3;

export interface SignedFailure {
  host: string;
  at: number;
  /** From `errorSignature`; null when the error came from past the visitor's network. */
  signature: string | null;
}

export interface VisitorNetwork {
  /** The other sites that failed the same way, one host per site. */
  hosts: string[];
}

const parts = (signature: string) => {
  const [code, headers, body] = signature.split(' ');
  return { head: `${code} ${headers}`, body };
};

/**
 * Whether the current failure is one of at least three unrelated sites failing with one signature
 * within `VISITOR_NETWORK_WINDOW_MS`. Bodies are compared where both were seen (a page load shows
 * none; the first check reads it). Only failures after the latest sign that the network carried a
 * request count: a page that recovered (`recoveredAt`), or another site's failure with another
 * signature (its request got through to something else that failed).
 */
export function findVisitorNetwork(
  current: SignedFailure,
  others: readonly SignedFailure[],
  recoveredAt: readonly number[],
): VisitorNetwork | null {
  if (!current.signature) return null;
  const site = siteOf(current.host);
  const mine = parts(current.signature);
  const near = others.filter((o) => Math.abs(o.at - current.at) <= VISITOR_NETWORK_WINDOW_MS);
  const sameHead = near.filter((o) => o.signature && parts(o.signature).head === mine.head);
  // A page not yet checked takes the body of the first failure alike that was.
  const body = mine.body ?? sameHead.map((o) => parts(o.signature!).body).find(Boolean);
  const alike = (o: SignedFailure) => {
    if (!o.signature) return false;
    const theirs = parts(o.signature);
    return theirs.head === mine.head && (!body || !theirs.body || theirs.body === body);
  };
  const carried = [
    ...recoveredAt,
    ...near.filter((o) => siteOf(o.host) !== site && !alike(o)).map((o) => o.at),
  ];
  const since = Math.max(-Infinity, ...carried);
  if (current.at <= since) return null;
  const hosts = new Map<string, string>();
  for (const other of near) {
    const otherSite = siteOf(other.host);
    if (otherSite === site || hosts.has(otherSite) || other.at <= since || !alike(other)) continue;
    hosts.set(otherSite, other.host);
  }
  return hosts.size + 1 >= VISITOR_NETWORK_MIN_SITES ? { hosts: [...hosts.values()] } : null;
}
