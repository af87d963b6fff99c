/**
 * One check of a failing site: a GET of the failing URL itself (never any other host), without cache
 * or cookies, reading only the status line and headers; the body is dropped at once.
 * `credentials: 'omit'` and `cache: 'no-store'` also keep a check made for a private tab apart from
 * the regular profile: no cookie, HTTP auth or cached answer of it is used (checked in
 * tests/e2e/private-windows.test.ts). `fetch` refuses `user:pass@` URLs, so they go without them:
 * a 401 then means the site answers.
 */
import { checkUrlOf } from '../core/bounds';

export const PROBE_TIMEOUT_MS = 20_000;

export interface ProbeAnswer {
  status: number | null;
  retryAfter: string | null;
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
    return { status, retryAfter: response.headers.get('retry-after') };
  } catch {
    return { status: null, retryAfter: null };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
