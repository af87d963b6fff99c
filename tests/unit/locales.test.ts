/**
 * Every text the extension shows comes from `_locales`: a key missing from one language, a plural
 * form a language needs, a placeholder that differs from English, a message left in English, or a
 * key used in code but missing fails here instead of showing the visitor a bare key or the wrong words.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const root = process.cwd();
const LANGUAGES = readdirSync(join(root, 'public/_locales')).sort();
const OTHERS = LANGUAGES.filter((lang) => lang !== 'en');
const locales = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    JSON.parse(readFileSync(join(root, 'public/_locales', lang, 'messages.json'), 'utf8')) as Messages,
  ]),
);

/**
 * Messages that are meant to read the same as in English: names of products, companies and operating
 * systems, codes and units. Anything else identical to English is a message nobody translated.
 */
const SAME_AS_ENGLISH = new Set([
  'extName',
  'popup_layer_cloudflare',
  'popup_layer_cloudfront',
  'popup_layer_fastly',
  'popup_layer_akamai',
  'popup_layer_azure_front_door',
  'popup_layer_vercel',
  'popup_layer_netlify',
  'popup_layer_varnish',
  'popup_layer_nginx',
  'popup_layer_apache',
  'popup_os_mac',
  'popup_os_win',
  'popup_os_cros',
  'popup_os_android',
  'popup_os_linux',
  // "URL" is written so in many languages.
  'popup_report_url',
]);

/** `key__one` → `key`; null for a key that is not a plural form. */
function pluralBase(key: string): { base: string; category: string } | null {
  const match = /^(\w+?)__(zero|one|two|few|many|other)$/.exec(key);
  return match ? { base: match[1]!, category: match[2]! } : null;
}

function pluralCategories(lang: string): string[] {
  return new Intl.PluralRules(lang.replace('_', '-')).resolvedOptions().pluralCategories.slice().sort();
}

/** The keys every locale must have: English's, with its plural forms folded to their base. */
function groups(messages: Messages): { single: string[]; plural: Map<string, string[]> } {
  const single: string[] = [];
  const plural = new Map<string, string[]>();
  for (const key of Object.keys(messages)) {
    const form = pluralBase(key);
    if (!form) single.push(key);
    else plural.set(form.base, [...(plural.get(form.base) ?? []), form.category].sort());
  }
  return { single: single.sort(), plural };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Keys in `t('…')`, `tParts('…')` and `getMessage('…')` calls, plural bases in `tn('…')`, and the fixed start of keys built at run time. */
function keysUsedIn(code: string): { literal: string[]; plural: string[]; prefixes: string[] } {
  const literal = [...code.matchAll(/\b(?:t|tParts|getMessage)\(\s*(['"`])([\w@]+)\1/g)].map((m) => m[2]!);
  const plural = [...code.matchAll(/\btn\(\s*(['"`])(\w+)\1/g)].map((m) => m[2]!);
  const prefixes = [...code.matchAll(/\b(?:t|getMessage)\(\s*`(\w*)\$\{/g)].map((m) => m[1]!);
  return { literal, plural, prefixes };
}

const sources = sourceFiles(join(root, 'src')).map((file) => ({
  file: relative(root, file),
  code: readFileSync(file, 'utf8'),
}));
const uses = sources.map(({ file, code }) => ({ file, ...keysUsedIn(code) }));
const manifestKeys = [...readFileSync(join(root, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)].map(
  (m) => m[1]!,
);
/**
 * Messages with a number in them that keep one form: the number stands alone, as a label's value
 * ("Checks: 3 of 20", "Incidents (5)"), a range, a position ("check 3 of 20") or before a unit symbol
 * ("12 s"), so no word agrees with it. Every other count goes through `tn()` and plural forms.
 */
const STANDALONE_NUMBERS = new Set([
  'bg_titleRetrying',
  'options_historyAllSites',
  'options_incidentsHeading',
  'options_numberError',
  'options_timelineLabel',
  'options_weekBarTitle',
  'popup_checks_of',
  'popup_retry_after_sent',
  'popup_seconds',
  // An HTTP status code, which stays as it is: no word agrees with it.
  'popup_status_answered_other',
]);

/** Keys of `t('…', …)` calls that put a number into the message (a formatted number, a length, a count). */
function numbersPassedToT(code: string): string[] {
  const keys: string[] = [];
  for (const call of code.matchAll(/\bt\(\s*(['"])(\w+)\1/g)) {
    let depth = 1;
    let end = call.index + call[0].length;
    while (end < code.length && depth > 0) {
      if (code[end] === '(') depth++;
      else if (code[end] === ')') depth--;
      end++;
    }
    const args = code.slice(call.index + call[0].length, end - 1);
    if (/formatNumber\(|String\(|\.length\b|\bcount\b|toFixed\(/.test(args)) keys.push(call[2]!);
  }
  return keys;
}

const placeholderNames = (entry?: Messages[string]) =>
  JSON.stringify(Object.entries(entry?.placeholders ?? {}).sort());

describe('locales', () => {
  it('ships the eleven languages, English first as the default', () => {
    expect(LANGUAGES).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja', 'ko', 'pt_BR', 'ru', 'zh_CN', 'zh_TW']);
  });

  it('has every English key in every language, and no key English lacks', () => {
    const english = groups(locales.en!);
    for (const lang of OTHERS) {
      const own = groups(locales[lang]!);
      expect({ lang, missing: english.single.filter((k) => !own.single.includes(k)) }).toEqual({
        lang,
        missing: [],
      });
      expect({ lang, extra: own.single.filter((k) => !english.single.includes(k)) }).toEqual({
        lang,
        extra: [],
      });
      expect({ lang, plurals: [...own.plural.keys()].sort() }).toEqual({
        lang,
        plurals: [...english.plural.keys()].sort(),
      });
    }
  });

  it('gives each counted message exactly the plural forms its language uses (CLDR, through Intl.PluralRules)', () => {
    const problems: string[] = [];
    for (const lang of LANGUAGES) {
      const needed = pluralCategories(lang);
      for (const [base, forms] of groups(locales[lang]!).plural) {
        if (JSON.stringify(forms) !== JSON.stringify(needed))
          problems.push(`${lang} ${base}: has ${forms.join(',')}, needs ${needed.join(',')}`);
      }
    }
    expect(problems).toEqual([]);
    // The check is not empty: English has counted messages, Russian and Arabic need more than two forms.
    expect(groups(locales.en!).plural.size).toBeGreaterThan(2);
    expect(pluralCategories('ru')).toEqual(['few', 'many', 'one', 'other']);
    expect(pluralCategories('ar')).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
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
        const form = pluralBase(key);
        const en = locales.en![key] ?? (form ? locales.en![`${form.base}__other`] : undefined);
        if (en && placeholderNames(entry) !== placeholderNames(en))
          problems.push(`${lang} ${key}: placeholders differ from en`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('puts every count through plural forms, unless the number stands alone', () => {
    const problems: string[] = [];
    for (const { file, code } of sources) {
      for (const key of numbersPassedToT(code))
        if (!STANDALONE_NUMBERS.has(key))
          problems.push(`${file}: t('${key}') gets a number: use tn() and plural forms`);
    }
    // A message whose placeholder is a count, outside plural forms, in any language.
    for (const lang of LANGUAGES) {
      for (const [key, entry] of Object.entries(locales[lang]!)) {
        const counts = Object.keys(entry.placeholders ?? {}).some((name) => /^(count|n)$/.test(name));
        if (counts && !pluralBase(key) && !STANDALONE_NUMBERS.has(key))
          problems.push(`${lang} ${key}: a count without plural forms`);
      }
    }
    expect(problems).toEqual([]);
    // The scan finds what it is meant to: a count passed to t() and one in a message.
    expect(numbersPassedToT("t('popup_outage_sites', [first, String(rest.length)])")).toEqual([
      'popup_outage_sites',
    ]);
    expect(numbersPassedToT("t('a', formatNumber(\n  n,\n))")).toEqual(['a']);
    expect(numbersPassedToT("t('popup_outage_title', name)")).toEqual([]);
  });

  it('has nothing left in English outside the deliberate list (names, codes, units)', () => {
    const untranslated: string[] = [];
    for (const lang of OTHERS) {
      for (const [key, entry] of Object.entries(locales[lang]!)) {
        if (SAME_AS_ENGLISH.has(key)) continue;
        if (entry.message === locales.en![key]?.message)
          untranslated.push(`${lang} ${key}: ${entry.message}`);
      }
    }
    expect(untranslated).toEqual([]);
    // Each allowance is needed by some language; a stale one would hide nothing but still mislead.
    for (const key of SAME_AS_ENGLISH) {
      const same = OTHERS.filter((lang) => locales[lang]![key]?.message === locales.en![key]?.message);
      expect({ key, same: same.length > 0 }).toEqual({ key, same: true });
    }
  });

  it('names and describes the extension in every language, within the stores’ limits', () => {
    for (const lang of LANGUAGES) {
      for (const key of manifestKeys) {
        expect({ lang, key, found: Boolean(locales[lang]![key]?.message.trim()) }).toEqual({
          lang,
          key,
          found: true,
        });
      }
      expect([...locales[lang]!.extDescription!.message].length).toBeLessThanOrEqual(132);
    }
    expect(manifestKeys).toEqual(expect.arrayContaining(['extName', 'extDescription']));
  });

  it('names its own locale, which picks plural rules, formats and direction', () => {
    for (const lang of LANGUAGES) expect(locales[lang]!.i18n_locale?.message).toBe(lang.replace('_', '-'));
  });

  it('finds the keys the scan is meant to find (so the next test is not empty)', () => {
    expect(
      keysUsedIn(
        `t('a_b'); x.t("c"); browser.i18n.getMessage('d', [n]); t(\`e_\${id}\`); at('no'); tn('f', 2); tParts('g', [])`,
      ),
    ).toEqual({
      literal: ['a_b', 'c', 'd', 'g'],
      plural: ['f'],
      prefixes: ['e_'],
    });
    expect(uses.flatMap((u) => u.literal).length).toBeGreaterThan(50);
    expect(uses.flatMap((u) => u.plural).length).toBeGreaterThan(2);
  });

  it('has every key that code and manifest.json use', () => {
    const missing: string[] = [];
    for (const { file, literal, plural, prefixes } of uses) {
      for (const lang of LANGUAGES) {
        const keys = Object.keys(locales[lang]!);
        for (const key of literal) if (!keys.includes(key)) missing.push(`${file}: ${key} (${lang})`);
        for (const base of plural)
          if (!keys.includes(`${base}__other`)) missing.push(`${file}: ${base}__other (${lang})`);
        // A key built at run time can only be checked for its fixed start.
        for (const prefix of prefixes)
          if (!keys.some((k) => k.startsWith(prefix))) missing.push(`${file}: ${prefix}… (${lang})`);
      }
    }
    for (const key of manifestKeys) {
      for (const lang of LANGUAGES)
        if (!(key in locales[lang]!)) missing.push(`manifest.json: ${key} (${lang})`);
    }
    expect(missing).toEqual([]);
  });
});
