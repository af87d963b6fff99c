/**
 * Reads of what the extension stores, shared by the background and its pages. Each read validates
 * or repairs, so a hand-edited or older value never breaks a reader; a failing storage throws and
 * each caller decides what to fall back to.
 */
import browser from 'webextension-polyfill';
import { readIncidents } from '../core/history-read';
import type { Incident, RecoveryState } from '../core/recovery-state';
import { repairSettings, type Settings } from '../core/settings';
import { stateFromItems } from '../core/state-items';
import { STORAGE_KEYS } from '../core/storage-keys';

export async function readStoredSettings(): Promise<Settings> {
  return repairSettings((await browser.storage.sync.get(STORAGE_KEYS.settings))[STORAGE_KEYS.settings]);
}

export async function readStoredHistory(): Promise<Incident[]> {
  return readIncidents((await browser.storage.local.get(STORAGE_KEYS.history))[STORAGE_KEYS.history]);
}

export async function readStoredState(): Promise<RecoveryState> {
  return stateFromItems(await browser.storage.session.get(null)).state;
}

/** Tabs the background stopped acting on because their state could not be saved (state-store.ts). */
export async function readStoredHeld(): Promise<number[]> {
  const raw = (await browser.storage.session.get(STORAGE_KEYS.held))[STORAGE_KEYS.held];
  return Array.isArray(raw) ? raw.filter(Number.isInteger) : [];
}
