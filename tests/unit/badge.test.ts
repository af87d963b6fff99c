/** The toolbar button's title says the state in the visitor's language, with its time and numbers. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { badgeFor, sameBadge } from '../../src/background/badge';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { useLocale } from './support/fake-i18n-browser';
import { makeOrigin, makeTab } from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

afterEach(() => useLocale('en'));

// 14:05 UTC; the formats below follow the machine's time zone, so the expected time is made the same way.
const AT = Date.UTC(2025, 0, 15, 14, 5);
const waiting = () => badgeFor(makeTab(), makeOrigin({ attempts: 3, nextCheckAt: AT }), DEFAULT_SETTINGS);

describe('the badge of a waiting tab', () => {
  it('in English: the clock time in English, check 3 of 20', () => {
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(AT);
    expect(waiting().title).toBe(
      `502 on shop.example.com: Gateway Rescue checks again at ${time} (check 3 of 20) and reloads the page once the site answers.`,
    );
    expect(waiting().text).toBe('↻3');
  });

  it('after Try again: the count against the allowance it raised, never "check 21 of 20"', () => {
    const title = badgeFor(makeTab(), makeOrigin({ attempts: 21, allowance: 40 }), DEFAULT_SETTINGS).title;
    expect(title).toContain('(check 21 of 40)');
  });

  it('in German: a 24-hour clock, German words', () => {
    useLocale('de');
    const time = new Intl.DateTimeFormat('de', { timeStyle: 'short' }).format(AT);
    expect(time).toMatch(/^\d\d:\d\d$/);
    expect(waiting().title).toBe(
      `502 bei shop.example.com: Gateway Rescue prüft um ${time} erneut (Prüfung 3 von 20) und lädt die Seite neu, sobald die Website antwortet.`,
    );
  });

  it('in Arabic: the host and numbers isolated so they keep their order', () => {
    useLocale('ar');
    expect(waiting().title).toContain('\u2068shop.example.com\u2069');
    expect(waiting().title).toContain('(الفحص \u20683\u2069 من \u206820\u2069)');
  });
});

describe('whether a change of the site redraws its tabs', () => {
  const tab = makeTab();
  const site = makeOrigin({ attempts: 3, nextCheckAt: AT });

  it('a check starting or a request logged leaves the button as it is', () => {
    const checking = { ...site, checkingSince: AT - 1000, checkingBy: 'run', requests: [AT - 1000] };
    expect(sameBadge(tab, site, checking, DEFAULT_SETTINGS)).toBe(true);
  });

  it('a failed check (count and time) or the site gone redraws it', () => {
    expect(sameBadge(tab, site, { ...site, attempts: 4 }, DEFAULT_SETTINGS)).toBe(false);
    expect(sameBadge(tab, site, { ...site, nextCheckAt: AT + 3_600_000 }, DEFAULT_SETTINGS)).toBe(false);
    expect(sameBadge(tab, site, undefined, DEFAULT_SETTINGS)).toBe(false);
  });
});

describe('the badge of a tab the site answers with another error', () => {
  it('shows that code, grey, and says retrying stopped because it is no gateway error', () => {
    const b = badgeFor(makeTab({ phase: 'answered-other', answeredWith: 429 }), undefined, DEFAULT_SETTINGS);
    expect(b).toMatchObject({ text: '429', color: '#5f6368', icon: 'gave-up' });
    expect(b.title).toBe(
      'shop.example.com answers again, with 429 for this page: not a gateway error, so Gateway Rescue stopped retrying.',
    );
  });
});
