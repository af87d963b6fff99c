/**
 * One check of a failing site: a GET of the failing URL itself (never any other host), without cache
 * or cookies. It keeps the status, the headers and the first few kilobytes of the body (error pages
 * name the layer that wrote them); the rest of the body is never downloaded.
 * `credentials: 'omit'` and `cache: 'no-store'` also keep a check made for a private tab apart from
 * the regular profile: no cookie, HTTP auth or cached answer of it is used (checked in
 * tests/e2e/private-windows.test.ts). `fetch` refuses `user:pass@` URLs, so they go without them:
 * a 401 then means the site answers.
 */
import { checkUrlOf } from '../core/bounds';
import { keepableHeaders } from '../core/layer';

export const PROBE_TIMEOUT_MS = 20_000;
/** Enough for the signature of every error page we know (Squid's footer comes after ~3 KB of CSS). */
export const BODY_PREFIX_BYTES = 4096;

export interface ProbeAnswer {
  status: number | null;
  retryAfter: string | null;
  date: string | null;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/** Reads at most `limit` bytes of a body, then cancels the stream so the rest is never fetched. */
async function bodyPrefix(response: Response, limit = BODY_PREFIX_BYTES): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  // `fatal: false`: a multi-byte character cut at the limit becomes one replacement character.
  return new TextDecoder().decode(bytes.subarray(0, limit));
}

export async function probe(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(checkUrlOf(url), {
      method: 'GET',
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      signal: controller.signal,
    });
    // A redirect is an answer too: the site is up. `manual` hides its status, so call it 302.
    const status = response.type === 'opaqueredirect' ? 302 : response.status;
    const headers = keepableHeaders([...response.headers].map(([name, value]) => ({ name, value })));
    // A body is read only from a server error: a working site's page is none of our business.
    const body = status >= 500 ? await bodyPrefix(response).catch(() => '') : '';
    return {
      status,
      retryAfter: response.headers.get('retry-after'),
      date: response.headers.get('date'),
      statusText: response.statusText,
      headers,
      body,
    };
  } catch {
    return { status: null, retryAfter: null, date: null, statusText: '', headers: [], body: '' };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
