/**
 * The popup's one request to a host other than the failing site: a provider's own status, read while
 * the popup shows that provider failing for several sites. Without cookies and without a referrer, so
 * the provider learns nothing about the visitor's site; at most once per provider per five minutes,
 * kept in `storage.session` because the popup itself is gone when it closes.
 */
import type { LayerId } from '../core/layer';
import {
  isFresh,
  PROVIDER_STATUS_TIMEOUT_MS,
  parseIndicator,
  parseSince,
  type StatusLook,
  statusApiOf,
} from '../core/provider-status';
import { STORAGE_KEYS } from '../core/storage-keys';

const KEY = STORAGE_KEYS.providerStatus;

export type StatusLooks = Partial<Record<string, StatusLook>>;

export interface StatusDeps {
  fetch: typeof fetch;
  area: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
  now: () => number;
  /** Aborted when the popup closes. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export function looksIn(value: unknown): StatusLooks {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as StatusLooks) : {};
}

async function getJson(url: string, deps: StatusDeps): Promise<unknown> {
  const timeout = AbortSignal.timeout(deps.timeoutMs ?? PROVIDER_STATUS_TIMEOUT_MS);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  const response = await deps.fetch(url, {
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
    redirect: 'error',
    signal,
  });
  if (!response.ok) throw new Error(`status page answered ${response.status}`);
  return response.json();
}

/**
 * The provider's status: from a look younger than five minutes, or by asking its status page. The
 * look is claimed before the request, so a second popup meanwhile waits for it instead of asking
 * again; a failed or slow answer is kept too (as null) and not asked again for five minutes.
 */
export async function lookUpProviderStatus(provider: LayerId, deps: StatusDeps): Promise<StatusLook | null> {
  const api = statusApiOf(provider);
  if (!api) return null;
  const before = looksIn((await deps.area.get(KEY))[KEY]);
  const at = deps.now();
  const kept = before[provider];
  if (isFresh(kept, at)) return kept;
  const save = async (look: StatusLook) => {
    const latest = looksIn((await deps.area.get(KEY))[KEY]);
    await deps.area.set({ [KEY]: { ...latest, [provider]: look } });
  };
  await save({ at, status: null });
  let look: StatusLook = { at, status: null };
  try {
    const indicator = parseIndicator(await getJson(api.status, deps));
    // "Since when" matters only while something is wrong: a calm page costs one request.
    const since = indicator && indicator !== 'none' ? parseSince(await getJson(api.incidents, deps)) : null;
    if (indicator) look = { at, status: { indicator, since } };
  } catch {
    // Unreachable, slow, blocked or not JSON: the note keeps its link and says nothing more.
  }
  if (!deps.signal?.aborted) await save(look);
  return look;
}
