/** An in-memory stand-in for the options page's browser side, and a way to render and drive the page. */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import type { Incident } from '../../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { OptionsPage } from '../../../src/options/OptionsPage';
import type { OptionsPort, Shortcut } from '../../../src/options/options-port';

export interface MemoryPort extends OptionsPort {
  /** What storage holds now. */
  stored: { settings: Settings | null; history: Incident[] };
  saves: Settings[];
  /** Makes the next saves fail as the browser would (e.g. over quota). */
  failSaves: string | null;
  /** A change made elsewhere (another tab, the background), delivered like storage.onChanged. */
  changeSettings(settings: Settings): void;
  changeHistory(history: Incident[]): void;
  openedShortcutSettings: number;
}

export function memoryPort(
  options: { firefox?: boolean; history?: Incident[]; noCommands?: boolean; noNotifications?: boolean } = {},
): MemoryPort {
  const settingsWatchers = new Set<(s: Settings) => void>();
  const historyWatchers = new Set<(h: Incident[]) => void>();
  const shortcuts: Shortcut[] = [
    { name: '_execute_action', description: '', shortcut: 'Alt+Shift+G' },
    { name: 'retry-now', description: 'Retry', shortcut: '' },
  ];
  const port: MemoryPort = {
    stored: { settings: null, history: options.history ?? [] },
    saves: [],
    failSaves: null,
    openedShortcutSettings: 0,
    loadSettings: async () => port.stored.settings ?? { ...DEFAULT_SETTINGS },
    async saveSettings(settings) {
      if (port.failSaves) throw new Error(port.failSaves);
      port.stored.settings = settings;
      port.saves.push(settings);
      for (const w of settingsWatchers) w(settings);
    },
    watchSettings(onChange) {
      settingsWatchers.add(onChange);
      return () => settingsWatchers.delete(onChange);
    },
    loadHistory: async () => port.stored.history,
    watchHistory(onChange) {
      historyWatchers.add(onChange);
      return () => historyWatchers.delete(onChange);
    },
    async clearHistory() {
      port.changeHistory([]);
    },
    loadShortcuts: async () => (options.noCommands ? null : shortcuts),
    canNotify: !options.noNotifications,
    openShortcutSettings: options.firefox
      ? null
      : async () => {
          port.openedShortcutSettings++;
        },
    changeSettings(settings) {
      port.stored.settings = settings;
      for (const w of settingsWatchers) w(settings);
    },
    changeHistory(history) {
      port.stored.history = history;
      for (const w of historyWatchers) w(history);
    },
  };
  return port;
}

export interface Saved {
  fileName: string;
  text: string;
  type: string;
}

export async function renderOptions(port: MemoryPort, now = Date.now()) {
  document.body.innerHTML = '<div id="app"></div>';
  const root = document.getElementById('app')!;
  const downloads: Saved[] = [];
  const initial = {
    settings: await port.loadSettings(),
    history: await port.loadHistory(),
    shortcuts: await port.loadShortcuts(),
  };
  await act(() => {
    render(
      h(OptionsPage, {
        port,
        initial,
        now: () => now,
        save: (fileName: string, text: string, type: string) => downloads.push({ fileName, text, type }),
      }),
      root,
    );
  });
  return { root, downloads, unmount: () => render(null, root) };
}

export const $ = <T extends Element = HTMLElement>(selector: string) => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
};

export async function type(selector: string, value: string) {
  const input = $<HTMLInputElement>(selector);
  await act(() => {
    input.focus();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function press(selector: string, key: string) {
  await act(() => {
    $(selector).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  });
}

export async function click(selector: string) {
  await act(async () => {
    $(selector).click();
  });
}

/** Waits for the promise chains a click starts (a save, a storage echo) to settle. */
export const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

export const text = (selector: string) => $(selector).textContent ?? '';
