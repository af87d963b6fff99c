import { formatNumber, t, uiLocale } from '../ui/i18n';

/** `m:ss` of the time left, never negative: the countdown slot keeps this shape as it ticks. */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  const minutes = Math.floor(total / 60);
  return `${formatNumber(minutes)}:${formatNumber(total % 60, { minimumIntegerDigits: 2 })}`;
}

// Codes with their own words; any other code shows the generic sentence.
const KNOWN_CODES = new Set([500, 502, 503, 504, 520, 521, 522, 523, 524]);

export function codeTitle(code: number): string {
  return KNOWN_CODES.has(code) ? t(`popup_code_${code}_title`) : t('popup_code_other_title');
}

export function codeMeaning(code: number): string {
  return KNOWN_CODES.has(code) ? t(`popup_code_${code}_meaning`) : t('popup_code_other_meaning');
}

/** "3 minutes ago" in the page's language. */
export function timeAgo(at: number, now: number): string {
  const format = new Intl.RelativeTimeFormat(uiLocale(), { numeric: 'auto' });
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 60) return format.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}
