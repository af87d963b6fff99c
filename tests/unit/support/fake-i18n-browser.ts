/**
 * Stands in for `webextension-polyfill` in component tests: only `i18n`, answering from the real
 * `_locales/en/messages.json` with the browser's placeholder rules, so tests see the shipped words.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const messages = JSON.parse(
  // Tests run from the repository root (vitest.config.ts).
  readFileSync(resolve('public/_locales/en/messages.json'), 'utf8'),
) as Messages;

export function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (!entry) return '';
  const args = substitutions === undefined ? [] : [substitutions].flat();
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => args[Number(n) - 1] ?? '');
  return entry.message.replace(/\$([a-z0-9_]+)\$/gi, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
}

export default { i18n: { getMessage, getUILanguage: () => 'en' } };
