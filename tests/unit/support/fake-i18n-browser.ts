/**
 * Stands in for `webextension-polyfill` in component tests: `i18n` answering from the real
 * `_locales/<locale>/messages.json` with the browser's placeholder rules (English unless a test picks
 * another with `useLocale`), so tests see the shipped words; and `storage.session` in memory, with
 * `onChanged`, for what the popup keeps there itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

// Tests run from the repository root (vitest.config.ts).
const read = (locale: string) =>
  JSON.parse(readFileSync(resolve('public/_locales', locale, 'messages.json'), 'utf8')) as Messages;

const english = read('en');
let messages = english;
let uiLanguage = 'en';

/** Answers as a browser whose UI language is `uiLanguage` and that picked `_locales/<folder>`. */
export function useLocale(folder: string, language = folder.replace('_', '-')): void {
  messages = folder === 'en' ? english : read(folder);
  uiLanguage = language;
}

export function getMessage(key: string, substitutions?: string | string[]): string {
  // Like the browser: a key missing from the chosen locale comes from the default one (en).
  const entry = messages[key] ?? english[key];
  if (!entry) return '';
  const args = substitutions === undefined ? [] : [substitutions].flat();
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? '');
  return entry.message.replace(/\$([a-z0-9_]+)\$/gi, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
}

type ChangeListener = (
  changes: Record<string, { oldValue?: unknown; newValue?: unknown }>,
  area: string,
) => void;
const session = new Map<string, string>();
const listeners = new Set<ChangeListener>();

/** What `storage.session` holds, as the browser would give it back. */
export const sessionItems = {
  get: (key: string): unknown => (session.has(key) ? JSON.parse(session.get(key)!) : undefined),
  clear: () => session.clear(),
};

const storage = {
  session: {
    get: async (key: string) => (session.has(key) ? { [key]: sessionItems.get(key) } : {}),
    set: async (items: Record<string, unknown>) => {
      const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
      for (const [key, value] of Object.entries(items)) {
        changes[key] = { oldValue: sessionItems.get(key), newValue: JSON.parse(JSON.stringify(value)) };
        session.set(key, JSON.stringify(value));
      }
      for (const listener of listeners) listener(changes, 'session');
    },
  },
  onChanged: {
    addListener: (listener: ChangeListener) => listeners.add(listener),
    removeListener: (listener: ChangeListener) => listeners.delete(listener),
  },
};

export default { i18n: { getMessage, getUILanguage: () => uiLanguage }, storage };
