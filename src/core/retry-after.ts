/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
 * Rule: garbage, negative or past values are ignored (null); values above `maxSeconds` are clamped
 * to it, so a maintenance page that says "come back tomorrow" costs a check every few minutes, not a day.
 */
export const RETRY_AFTER_MAX_SECONDS = 600;

const DELAY_SECONDS = /^\d{1,12}$/;
// IMF-fixdate, RFC 850 and asctime all start with a weekday name; Date.parse reads all three.
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? [ 0-9a-z:,-]+(gmt)?$/i;

export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
  maxSeconds = RETRY_AFTER_MAX_SECONDS,
): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text || text.length > 64) return null;
  let seconds: number;
  if (DELAY_SECONDS.test(text)) {
    seconds = Number(text);
  } else if (HTTP_DATE.test(text)) {
    // HTTP-dates are always GMT; asctime omits the zone, which Date.parse would read as local time.
    const at = Date.parse(/gmt$/i.test(text) ? text : `${text} GMT`);
    if (Number.isNaN(at)) return null;
    seconds = Math.ceil((at - nowMs) / 1000);
  } else {
    return null;
  }
  if (seconds <= 0) return null;
  return Math.min(seconds, maxSeconds);
}
