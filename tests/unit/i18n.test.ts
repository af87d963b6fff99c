// @vitest-environment happy-dom
/**
 * The i18n helper in the shipped languages: plural forms by CLDR category, numbers and durations from
 * Intl in the language of the messages shown, direction and isolation for right-to-left text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyDocumentLanguage,
  formatDuration,
  t,
  textDirection,
  tn,
  tParts,
  uiLocale,
} from '../../src/ui/i18n';
import { useLocale } from './support/fake-i18n-browser';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

const FSI = '\u2068';
const PDI = '\u2069';

afterEach(() => useLocale('en'));

describe('plurals', () => {
  it('picks English one and other', () => {
    expect(tn('popup_history_checks', 1)).toBe('1 check');
    expect(tn('popup_history_checks', 3)).toBe('3 checks');
    expect(tn('popup_history_checks', 1000)).toBe('1,000 checks');
  });

  it('picks Russian one, few and many by the last digits', () => {
    useLocale('ru');
    expect(tn('popup_history_checks', 1)).toBe('1 проверка');
    expect(tn('popup_history_checks', 3)).toBe('3 проверки');
    expect(tn('popup_history_checks', 5)).toBe('5 проверок');
    expect(tn('popup_history_checks', 21)).toBe('21 проверка');
    expect(tn('popup_history_checks', 12)).toBe('12 проверок');
  });

  it('picks all six Arabic forms, the count isolated', () => {
    useLocale('ar');
    const forms = [0, 1, 2, 3, 11, 100].map((n) => tn('popup_history_checks', n));
    expect(new Set(forms).size).toBe(6);
    expect(forms[3]).toBe(`${FSI}3${PDI} فحوص`);
  });

  it('says "and 1 other site" in French, never "1 autres"', () => {
    useLocale('fr');
    expect(tn('popup_outage_sites', 1, ['a.example'])).toBe('a.example et 1 autre site');
    expect(tn('popup_outage_sites', 2, ['a.example'])).toBe('a.example et 2 autres sites');
    useLocale('ru');
    expect(tn('popup_outage_sites', 2, ['a.example'])).toBe('a.example и ещё 2 сайта');
    expect(tn('popup_outage_sites', 5, ['a.example'])).toBe('a.example и ещё 5 сайтов');
  });

  it('has Japanese say one thing for every count', () => {
    useLocale('ja');
    expect(tn('popup_history_checks', 1)).toBe('確認 1 回');
    expect(tn('popup_history_checks', 2)).toBe('確認 2 回');
  });

  it('counts in the language of the messages, not of a UI language that has none', () => {
    // A Ukrainian browser reads the English file: 21 is "one" in Ukrainian, but "21 checks" in English.
    useLocale('en', 'uk');
    expect(uiLocale()).toBe('en');
    expect(tn('popup_history_checks', 21)).toBe('21 checks');
    useLocale('en', 'en-GB');
    expect(uiLocale()).toBe('en-GB');
  });
});

describe('numbers and durations', () => {
  it('says durations with the language’s units', () => {
    expect(formatDuration(65_000)).toBe('1 min, 5 sec');
    expect(formatDuration(2 * 3600_000 + 600_000)).toBe('2 hr, 10 min');
    useLocale('de');
    expect(formatDuration(65_000)).toBe('1 Min., 5 Sek.');
    expect(formatDuration(42_000)).toBe('42 Sek.');
  });

  it('formats numbers put into messages', () => {
    useLocale('de');
    expect(tn('popup_history_checks', 1234)).toBe('1.234 Prüfungen');
  });
});

describe('direction', () => {
  it('is right to left for Arabic, and isolates values in its messages', () => {
    useLocale('ar');
    expect(textDirection()).toBe('rtl');
    expect(t('bg_recoveredTitle', 'shop.example.com')).toContain(`${FSI}shop.example.com${PDI}`);
    applyDocumentLanguage();
    expect([document.documentElement.lang, document.documentElement.dir]).toEqual(['ar', 'rtl']);
  });

  it('is left to right elsewhere, without isolates', () => {
    expect(textDirection()).toBe('ltr');
    expect(t('bg_recoveredTitle', 'shop.example.com')).toBe('shop.example.com is back');
    applyDocumentLanguage();
    expect(document.documentElement.dir).toBe('ltr');
  });
});

describe('tParts', () => {
  it('puts the live part where each language puts the placeholder', () => {
    const part = { countdown: true };
    expect(tParts('popup_next_check', [part])).toEqual(['Next check in ', part]);
    useLocale('zh_CN');
    expect(tParts('popup_next_check', [part])).toEqual([part, ' 后再次检查']);
  });
});
