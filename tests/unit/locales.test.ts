/**
 * Every text the extension shows comes from `_locales`: a key missing from one language, or used
 * in code but missing from both, fails here instead of showing the visitor a bare key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const root = process.cwd();
const LANGUAGES = ['en', 'ja'];
const locales = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    JSON.parse(readFileSync(join(root, 'public/_locales', lang, 'messages.json'), 'utf8')) as Messages,
  ]),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Keys in `t('…')` and `getMessage('…')` calls, and the fixed start of keys built at run time. */
function keysUsedIn(code: string): { literal: string[]; prefixes: string[] } {
  const literal = [...code.matchAll(/\b(?:t|getMessage)\(\s*(['"`])([\w@]+)\1/g)].map((m) => m[2]!);
  const prefixes = [...code.matchAll(/\b(?:t|getMessage)\(\s*`(\w*)\$\{/g)].map((m) => m[1]!);
  return { literal, prefixes };
}

const uses = sourceFiles(join(root, 'src')).map((file) => ({
  file: relative(root, file),
  ...keysUsedIn(readFileSync(file, 'utf8')),
}));
const manifestKeys = [...readFileSync(join(root, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)].map(
  (m) => m[1]!,
);

describe('locales', () => {
  it('has the same keys in every language', () => {
    const [first, ...others] = LANGUAGES;
    const keys = (lang: string) => Object.keys(locales[lang]!).sort();
    for (const lang of others) {
      expect({ missingIn: lang, keys: keys(first!).filter((k) => !(k in locales[lang]!)) }).toEqual({
        missingIn: lang,
        keys: [],
      });
      expect({ missingIn: first, keys: keys(lang).filter((k) => !(k in locales[first!]!)) }).toEqual({
        missingIn: first,
        keys: [],
      });
    }
  });

  it('has a message for every key and uses only placeholders it defines, the same in every language', () => {
    const problems: string[] = [];
    for (const lang of LANGUAGES) {
      for (const [key, entry] of Object.entries(locales[lang]!)) {
        if (typeof entry.message !== 'string' || entry.message.trim() === '')
          problems.push(`${lang} ${key}: empty`);
        const defined = Object.keys(entry.placeholders ?? {}).sort();
        const used = [...new Set([...entry.message.matchAll(/\$(\w+)\$/g)].map((m) => m[1]!.toLowerCase()))];
        for (const name of used)
          if (!defined.includes(name)) problems.push(`${lang} ${key}: $${name}$ undefined`);
        const en = locales.en![key];
        const contents = (e?: Messages[string]) =>
          JSON.stringify(Object.entries(e?.placeholders ?? {}).sort());
        if (en && contents(entry) !== contents(en))
          problems.push(`${lang} ${key}: placeholders differ from en`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds the keys the scan is meant to find (so the next test is not empty)', () => {
    expect(
      keysUsedIn(`t('a_b'); x.t("c"); browser.i18n.getMessage('d', [n]); t(\`e_\${id}\`); at('no')`),
    ).toEqual({
      literal: ['a_b', 'c', 'd'],
      prefixes: ['e_'],
    });
    expect(uses.flatMap((u) => u.literal).length).toBeGreaterThan(50);
    expect(manifestKeys).toContain('extName');
  });

  it('has every key that code and manifest.json use', () => {
    const missing: string[] = [];
    for (const { file, literal, prefixes } of uses) {
      for (const key of literal) {
        for (const lang of LANGUAGES) if (!(key in locales[lang]!)) missing.push(`${file}: ${key} (${lang})`);
      }
      // A key built at run time can only be checked for its fixed start.
      for (const prefix of prefixes) {
        for (const lang of LANGUAGES) {
          if (!Object.keys(locales[lang]!).some((k) => k.startsWith(prefix)))
            missing.push(`${file}: ${prefix}… (${lang})`);
        }
      }
    }
    for (const key of manifestKeys) {
      for (const lang of LANGUAGES)
        if (!(key in locales[lang]!)) missing.push(`manifest.json: ${key} (${lang})`);
    }
    expect(missing).toEqual([]);
  });
});
