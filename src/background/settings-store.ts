/** Settings from storage.sync, repaired on every read so a hand-edited or old value never breaks the engine. */
import browser from 'webextension-polyfill';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { STORAGE_KEYS } from '../core/storage-keys';
import { readStoredSettings } from '../storage/stored';

const SETTINGS_KEY = STORAGE_KEYS.settings;
let cached: Promise<Settings> | null = null;

export function getSettings(): Promise<Settings> {
  cached ??= readStoredSettings().catch(() => ({ ...DEFAULT_SETTINGS }));
  return cached;
}

/** Drops the cache when settings change, and calls `onChange` with the new ones. */
export function watchSettings(onChange: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'sync' || !(SETTINGS_KEY in changes)) return;
    cached = null;
    void getSettings().then(onChange);
  });
}
