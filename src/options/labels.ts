/** Words for the values the options page shows, all from `_locales`. */
import type { IncidentOutcome } from '../core/recovery-state';
import type { LISTED_CODES } from '../core/settings';
import type { PatternError } from '../core/site-pattern';
import { t, uiLocale } from '../ui/i18n';

export type ListedCode = (typeof LISTED_CODES)[number];

// Functions, not keys, so every key is a literal the locale test can find.
const CODE_MEANINGS: Record<ListedCode, () => string> = {
  502: () => t('options_code502'),
  503: () => t('options_code503'),
  504: () => t('options_code504'),
  520: () => t('options_code520'),
  521: () => t('options_code521'),
  522: () => t('options_code522'),
  523: () => t('options_code523'),
  524: () => t('options_code524'),
  500: () => t('options_code500'),
};

export function codeMeaning(code: ListedCode): string {
  return CODE_MEANINGS[code]();
}

export type SiteListError = PatternError | 'duplicate' | 'too-many';

const SITE_ERRORS: Record<SiteListError, () => string> = {
  empty: () => t('options_siteErrorEmpty'),
  'has-scheme': () => t('options_siteErrorScheme'),
  'has-path': () => t('options_siteErrorPath'),
  'bad-wildcard': () => t('options_siteErrorWildcard'),
  'bad-host': () => t('options_siteErrorHost'),
  duplicate: () => t('options_siteErrorDuplicate'),
  'too-many': () => t('options_siteErrorTooMany'),
};

export function siteErrorMessage(error: SiteListError): string {
  return SITE_ERRORS[error]();
}

const OUTCOMES: Record<IncidentOutcome, (answeredWith: string) => string> = {
  recovered: () => t('options_outcomeRecovered'),
  'answered-other': (answeredWith) => t('options_outcomeAnsweredOther', answeredWith),
  'gave-up': () => t('options_outcomeGaveUp'),
  stopped: () => t('options_outcomeStopped'),
  navigated: () => t('options_outcomeNavigated'),
  closed: () => t('options_outcomeClosed'),
  'not-retried': () => t('options_outcomeNotRetried'),
};

/** `answeredWith`: the error the site answered instead, for `answered-other`. */
export function outcomeLabel(outcome: IncidentOutcome, answeredWith?: number): string {
  return OUTCOMES[outcome]?.(String(answeredWith ?? '')) ?? outcome;
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(uiLocale(), {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(ms);
}

export function formatDay(ms: number): string {
  return new Intl.DateTimeFormat(uiLocale(), {
    month: 'short',
    day: 'numeric',
  }).format(ms);
}
