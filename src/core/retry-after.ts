/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * Rule: garbage, negative or past values are ignored (null); values above `maxSeconds` are clamped
 * to it, so a maintenance page that says "come back tomorrow" costs a check every few minutes, not a day.
 * A date is read against the response's own `Date` (RFC 9110 §6.6.1: both come from the server's
 * clock), so a visitor's clock five minutes slow does not turn 60 s into six minutes; only without
 * a readable `Date` is it read against the local clock.
 */
export const RETRY_AFTER_MAX_SECONDS = 600;

const DELAY_SECONDS = /^\d{1,12}$/;
// IMF-fixdate, RFC 850 and asctime all start with a weekday name; Date.parse reads all three.
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? [ 0-9a-z:,-]+(gmt)?$/i;

/** An HTTP-date in ms since the epoch, or null for anything else. */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text || text.length > 64 || !HTTP_DATE.test(text)) return null;
  // HTTP-dates are always GMT; asctime omits the zone, which Date.parse would read as local time.
  const at = Date.parse(/gmt$/i.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? null : at;
}

export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
  responseDate?: string | null,
  maxSeconds = RETRY_AFTER_MAX_SECONDS,
): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text || text.length > 64) return null;
  let seconds: number;
  if (DELAY_SECONDS.test(text)) {
    seconds = Number(text);
  } else {
    const at = parseHttpDate(text);
    if (at === null) return null;
    seconds = Math.ceil((at - (parseHttpDate(responseDate) ?? nowMs)) / 1000);
  }
  if (seconds <= 0) return null;
  return Math.min(seconds, maxSeconds);
}
