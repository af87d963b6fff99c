import { EDGE_LAYERS } from './layer';
import type { CheckResult, TabRecovery } from './recovery-state';

/** Whose side a gateway error is on, as far as the evidence goes. */
export type VerdictSide = 'site' | 'yours' | 'connection';

/** The evidence that decided the verdict, most telling first. */
export type VerdictReason =
  | 'offline'
  | 'check-unreachable'
  | 'check-ok'
  | 'tab-disagrees'
  | 'check-failed'
  | 'edge-layer'
  | 'server-error';

/** The fixes the popup offers, each one step a visitor can take. */
export type FixId =
  | 'reload'
  | 'bypass-cache'
  | 'clear-cache'
  | 'private-window'
  | 'other-device'
  | 'dns'
  | 'down-for-everyone'
  | 'archive';

/** One hop of the path browser → CDN or proxy → site, as the verdict sees it. */
export type HopState = 'ok' | 'failing' | 'unknown';

export interface Verdict {
  side: VerdictSide;
  reason: VerdictReason;
  /** Fixes in the order worth trying for this verdict. */
  fixes: FixId[];
  hops: { browser: HopState; edge: HopState; site: HopState };
}

export interface VerdictInput {
  online: boolean;
  tab: Pick<TabRecovery, 'layer' | 'method' | 'phase'>;
  /** The extension's own latest check of the site (no cache, no cookies), if any. */
  lastCheck: CheckResult | null;
  /** `tab` once the site answered a check without cookies while the tab, with them, still failed. */
  checkBy?: 'fetch' | 'tab';
}

// Each order puts first what can help on that side; the rest stays reachable.
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
};

// Reloading the answer to a form sends the form again: the popup offers that only as its own, explained button.
const RESENDS_FORM: ReadonlySet<FixId> = new Set(['reload', 'bypass-cache']);

// When the site answers without the visitor's cookies but not with them, the cookies are what to change.
const COOKIES_FIRST: FixId[] = ['clear-cache', 'private-window'];

function decide({ online, tab, lastCheck, checkBy }: VerdictInput): Pick<Verdict, 'side' | 'reason'> {
  if (!online) return { side: 'connection', reason: 'offline' };
  if (lastCheck && !lastCheck.ok && lastCheck.status === null) {
    return { side: 'connection', reason: 'check-unreachable' };
  }
  if (checkBy === 'tab') return { side: 'yours', reason: 'tab-disagrees' };
  // While the tab reloads after a good check, the good check is not yet evidence against the tab.
  if (lastCheck?.ok && tab.phase !== 'reloading') return { side: 'yours', reason: 'check-ok' };
  if (lastCheck && !lastCheck.ok) return { side: 'site', reason: 'check-failed' };
  if (EDGE_LAYERS.has(tab.layer)) return { side: 'site', reason: 'edge-layer' };
  return { side: 'site', reason: 'server-error' };
}

function hopsFor(side: VerdictSide): Verdict['hops'] {
  switch (side) {
    case 'site':
      return { browser: 'ok', edge: 'ok', site: 'failing' };
    case 'yours':
      return { browser: 'failing', edge: 'ok', site: 'ok' };
    case 'connection':
      return { browser: 'failing', edge: 'unknown', site: 'unknown' };
  }
}

/** Combines what is known about a failing tab into whose fault it likely is and what to try, in order. */
export function decideVerdict(input: VerdictInput): Verdict {
  const { side, reason } = decide(input);
  const isPost = input.tab.method.toUpperCase() === 'POST';
  const order =
    reason === 'tab-disagrees'
      ? [...COOKIES_FIRST, ...ORDER[side].filter((f) => !COOKIES_FIRST.includes(f))]
      : ORDER[side];
  const fixes = order.filter((fix) => !(isPost && RESENDS_FORM.has(fix)));
  return { side, reason, fixes, hops: hopsFor(side) };
}
