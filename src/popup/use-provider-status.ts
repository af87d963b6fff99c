import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { LayerId } from '../core/layer';
import { type ProviderStatus, statusApiOf } from '../core/provider-status';
import { STORAGE_KEYS } from '../core/storage-keys';
import { looksIn, lookUpProviderStatus } from './provider-status';

/**
 * The provider's own status while this popup shows it failing, if it publishes one and the setting
 * allows; null otherwise. A look another popup has under way arrives through `storage.onChanged`.
 */
export function useProviderStatus(provider: LayerId, enabled: boolean): ProviderStatus | null {
  const [status, setStatus] = useState<ProviderStatus | null>(null);
  useEffect(() => {
    if (!enabled || !statusApiOf(provider)) return;
    const closing = new AbortController();
    const onChanged = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
      const look =
        area === 'session' ? looksIn(changes[STORAGE_KEYS.providerStatus]?.newValue)[provider] : null;
      if (look?.status) setStatus(look.status);
    };
    browser.storage.onChanged.addListener(onChanged);
    lookUpProviderStatus(provider, {
      fetch: (input, init) => fetch(input, init),
      area: browser.storage.session,
      now: Date.now,
      signal: closing.signal,
    }).then(
      (look) => !closing.signal.aborted && look?.status && setStatus(look.status),
      () => {},
    );
    return () => {
      closing.abort();
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [provider, enabled]);
  return status;
}
