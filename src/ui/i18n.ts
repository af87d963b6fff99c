/**
 * Words and numbers in the visitor's language. Messages come from `_locales`; counts, numbers, times
 * and durations go through `Intl` in the language of the messages actually shown, so a sentence and
 * the numbers in it never disagree (a Ukrainian UI reads the English messages with English plurals).
 */
import type { ComponentChildren } from 'preact';
import browser from 'webextension-polyfill';

// Languages written right to left among those browsers ship; only their messages flip the page.
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'yi', 'dv', 'ug', 'ckb']);
// First-strong isolate around each value put into a message: a host, a URL or a number keeps its
// own order inside Arabic text (what Fluent does for every placeable).
const FSI = '\u2068';
const PDI = '\u2069';

const primary = (tag: string) => tag.split(/[-_]/)[0]!.toLowerCase();

/**
 * The locale of the messages in use (each messages.json names its own in `i18n_locale`), refined by
 * the browser's UI language when both are the same language, so en-GB still gets its dates.
 */
export function uiLocale(): string {
  const messages = (browser.i18n.getMessage('i18n_locale') || 'en').replace('_', '-');
  const ui = (browser.i18n.getUILanguage() || '').replace('_', '-');
  return ui && primary(ui) === primary(messages) ? ui : messages;
}

/**
 * `rtl` when the messages shown are in a right-to-left language. Not `@@bidi_dir`: that follows the
 * UI language, which would mirror English messages on a Hebrew browser the extension has no words for.
 */
export function textDirection(): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(primary(uiLocale())) ? 'rtl' : 'ltr';
}

/** A message from `_locales`; a missing key shows the key itself so tests and screenshots catch it. */
export function t(key: string, substitutions?: string | string[]): string {
  const values = substitutions === undefined ? undefined : [substitutions].flat();
  const isolated = values && textDirection() === 'rtl' ? values.map((v) => FSI + v + PDI) : values;
  return browser.i18n.getMessage(key, isolated) || key;
}

/**
 * A message that depends on a count: `<key>__<CLDR plural category>` for the count, falling back to
 * `<key>__other`. The count, formatted, is the first placeholder; `more` fill the next ones.
 */
export function tn(key: string, count: number, more: string[] = []): string {
  const values = [formatNumber(count), ...more];
  const category = formatter('plural', {}, () => new Intl.PluralRules(uiLocale())).select(count);
  const exact = `${key}__${category}`;
  return browser.i18n.getMessage(exact) ? t(exact, values) : t(`${key}__other`, values);
}

/**
 * A sentence with live parts in it ("Next check in <countdown>"): the message's text around its
 * placeholders, with the parts where the language puts them, so no sentence is glued from fragments.
 */
export function tParts(key: string, parts: ComponentChildren[]): ComponentChildren[] {
  const marked = browser.i18n.getMessage(
    key,
    parts.map((_, i) => `\uE000${i}\uE001`),
  );
  if (!marked) return [key];
  return marked
    .split(/\uE000(\d+)\uE001/)
    .map((piece, i) => (i % 2 === 1 ? parts[Number(piece)] : piece))
    .filter((piece) => piece !== '');
}

/**
 * Formatters are built once per locale and options: building an Intl formatter costs far more than
 * using it, and the badge titles of every failing tab are formatted on each change (bench profile).
 */
const formatters = new Map<string, unknown>();

function formatter<F>(kind: string, options: object, make: () => F): F {
  const key = `${kind} ${uiLocale()} ${JSON.stringify(options)}`;
  let made = formatters.get(key) as F | undefined;
  if (!made) {
    if (formatters.size > 50) formatters.clear();
    made = make();
    formatters.set(key, made);
  }
  return made;
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return formatter('number', options, () => new Intl.NumberFormat(uiLocale(), options)).format(value);
}

/**
 * "42 s", "3 min, 5 s", "2 h, 10 min" in the visitor's language: two units at most. Built from unit
 * numbers and a unit list, which every supported browser has; Intl.DurationFormat would say the same
 * but is missing before Firefox 136 (we support 128).
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'short' });
  const options = { type: 'unit', style: 'short' } as const;
  const list = (items: string[]) =>
    formatter('list', options, () => new Intl.ListFormat(uiLocale(), options)).format(items);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return list([unit(minutes, 'minute'), unit(seconds % 60, 'second')]);
  return list([unit(Math.floor(minutes / 60), 'hour'), unit(minutes % 60, 'minute')]);
}

/** A clock time ("14:05" or "2:05 PM") in the visitor's language. */
export function formatTime(ms: number): string {
  const options = { timeStyle: 'short' } as const;
  return formatter('time', options, () => new Intl.DateTimeFormat(uiLocale(), options)).format(ms);
}

/** Sets `<html lang>` and `dir` from the messages shown, for screen readers and mirroring. */
export function applyDocumentLanguage(): void {
  document.documentElement.lang = uiLocale();
  document.documentElement.dir = textDirection();
}
