/** The browser side of the options page, kept thin: the components get it as a prop and tests pass their own. */
import browser from 'webextension-polyfill';
import { readIncidents } from '../core/history-read';
import type { Incident } from '../core/recovery-state';
import { repairSettings, type Settings, settingsToStore } from '../core/settings';
import { STORAGE_KEYS } from '../core/storage-keys';
import { readStoredHistory, readStoredSettings } from '../storage/stored';

const SETTINGS_KEY = STORAGE_KEYS.settings;
const HISTORY_KEY = STORAGE_KEYS.history;

export interface Shortcut {
  name: string;
  description: string;
  /** Empty when the visitor removed it or it clashed with another extension. */
  shortcut: string;
}

export interface OptionsPort {
  loadSettings(): Promise<Settings>;
  /**
   * Writes the settings that changed from `previous` to `settings` (callers pass `repairSettings`
   * output), keeping what else is stored: keys of a newer version, and its version.
   */
  saveSettings(settings: Settings, previous: Settings): Promise<void>;
  watchSettings(onChange: (settings: Settings) => void): () => void;
  loadHistory(): Promise<Incident[]>;
  watchHistory(onChange: (history: Incident[]) => void): () => void;
  clearHistory(): Promise<void>;
  /** Null where the browser has no keyboard commands for extensions (Firefox for Android). */
  loadShortcuts(): Promise<Shortcut[] | null>;
  /** Opens the browser's shortcut settings; null where extensions may not open them (Firefox). */
  openShortcutSettings: (() => Promise<void>) | null;
  /** Whether the browser lets the extension show notifications (Firefox for Android may not). */
  canNotify: boolean;
}

type StorageChanges = Record<string, browser.Storage.StorageChange>;

function watch(area: 'sync' | 'local', key: string, onValue: (value: unknown) => void): () => void {
  const listener = (changes: StorageChanges, changedArea: string) => {
    if (changedArea === area && key in changes) onValue(changes[key]?.newValue);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export function browserOptionsPort(): OptionsPort {
  const isFirefox = location.protocol === 'moz-extension:';
  return {
    loadSettings: readStoredSettings,
    async saveSettings(settings, previous) {
      const stored = (await browser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY];
      await browser.storage.sync.set({ [SETTINGS_KEY]: settingsToStore(stored, previous, settings) });
    },
    watchSettings: (onChange) => watch('sync', SETTINGS_KEY, (value) => onChange(repairSettings(value))),
    loadHistory: readStoredHistory,
    watchHistory: (onChange) => watch('local', HISTORY_KEY, (value) => onChange(readIncidents(value))),
    async clearHistory() {
      // The background owns the history; removing the key is the fallback when it does not answer.
      try {
        await browser.runtime.sendMessage({ type: 'clear-history' });
      } catch {
        await browser.storage.local.remove(HISTORY_KEY);
      }
    },
    loadShortcuts: async () =>
      typeof browser.commands?.getAll !== 'function'
        ? null
        : (await browser.commands.getAll()).map((c) => ({
            name: c.name ?? '',
            description: c.description ?? '',
            shortcut: c.shortcut ?? '',
          })),
    openShortcutSettings: isFirefox
      ? null
      : async () => {
          await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
        },
    canNotify: typeof browser.notifications?.create === 'function',
  };
}
