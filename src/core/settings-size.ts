import type { Settings } from './settings';
import { STORAGE_KEYS } from './storage-keys';

/**
 * `storage.sync` refuses an item larger than this (QUOTA_BYTES_PER_ITEM in Chrome and Firefox),
 * measured as the key plus the JSON of the value. Long site lists reach it before `LIMITS.sites`.
 */
export const SYNC_ITEM_QUOTA_BYTES = 8192;

export function settingsFitSync(settings: Settings, key: string = STORAGE_KEYS.settings): boolean {
  return new TextEncoder().encode(key + JSON.stringify(settings)).length <= SYNC_ITEM_QUOTA_BYTES;
}
