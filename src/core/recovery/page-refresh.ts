/**
 * `Refresh: 5` or `Refresh: 5; url=/status` (the header, or the content of a meta refresh): the
 * seconds until the page loads again by itself, or null. Bounded to an hour; anything else is null.
 */
export function parseRefreshSeconds(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(\d{1,4})(?:\.\d*)?\s*(?:[;,]|$)/.exec(value.slice(0, 100));
  if (!match) return null;
  const seconds = Number(match[1]);
  return seconds <= 3600 ? seconds : null;
}
