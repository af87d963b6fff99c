// @vitest-environment happy-dom
/**
 * What the provider says: the popup reads a Statuspage provider's status while it shows that provider
 * failing for several sites, without cookies or referrer, at most once per provider per five minutes.
 * The status pages are served from local copies (tests/unit/fixtures/statuspage/).
 */
import { readFileSync } from 'node:fs';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderOutage } from '../../src/core/provider-outage';
import { PROVIDER_STATUS_TTL_MS, parseIndicator, parseSince } from '../../src/core/provider-status';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { STORAGE_KEYS } from '../../src/core/storage-keys';
import { sessionItems } from './support/fake-i18n-browser';
import { makeTab, makeView, NOW, type Rendered, renderPopup } from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));
const { lookUpProviderStatus } = await import('../../src/popup/provider-status');

const fixture = (name: string) =>
  JSON.parse(readFileSync(`tests/unit/fixtures/statuspage/${name}.json`, 'utf8')) as Record<string, unknown>;
const STATUS_MAJOR = fixture('status-major');
const INCIDENTS = fixture('incidents-unresolved');
const withIndicator = (indicator: string) => ({ ...STATUS_MAJOR, status: { indicator, description: '…' } });
const STATUS_URL = 'https://www.cloudflarestatus.com/api/v2/status.json';
const INCIDENTS_URL = 'https://www.cloudflarestatus.com/api/v2/incidents/unresolved.json';

const OUTAGE: ProviderOutage = {
  provider: 'cloudflare',
  hosts: ['news.example'],
  statusPage: 'https://www.cloudflarestatus.com/',
};

/** A status host answering from the local copies, recording every request and its options. */
function statusHost(answer: (url: string) => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, init });
    return answer(url);
  });
  vi.stubGlobal('fetch', fetch);
  return requests;
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const serving = (status: unknown) => (url: string) => (url === STATUS_URL ? json(status) : json(INCIDENTS));

let page: Rendered | undefined;
let clock = NOW;
beforeEach(() => {
  sessionItems.clear();
  clock = NOW;
  vi.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => {
  page?.unmount();
  page = undefined;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const settle = () =>
  act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
const open = async (settings = { ...DEFAULT_SETTINGS }, outage = OUTAGE) => {
  page = renderPopup(
    makeView({
      settings,
      tab: makeTab({ layer: outage.provider, chain: [outage.provider] }),
      providerOutage: outage,
    }),
  );
  await settle();
  return page;
};
const line = () => page?.root.querySelector('.provider-status')?.textContent ?? null;

describe('the status line', () => {
  it.each([
    ['none', "Cloudflare's own status page reports no problem right now."],
    ['minor', "Cloudflare's own status page reports minor problems since "],
    ['major', "Cloudflare's own status page reports a major outage since "],
    ['critical', "Cloudflare's own status page reports a critical outage since "],
  ])('says what the provider reports: %s', async (indicator, words) => {
    const requests = statusHost(serving(withIndicator(indicator)));
    await open();
    expect(line()).toContain(words);
    expect(page!.root.querySelector('.provider-status')?.getAttribute('data-indicator')).toBe(indicator);
    // "Since when" is asked only while something is wrong; the earliest open incident's start.
    expect(requests.map((r) => r.url)).toEqual(
      indicator === 'none' ? [STATUS_URL] : [STATUS_URL, INCIDENTS_URL],
    );
    if (indicator !== 'none') {
      const since = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(
        Date.parse('2026-12-07T13:05:00.000Z'),
      );
      expect(line()).toContain(since);
    }
    // The link stays.
    expect(page!.root.querySelector('.provider-outage a')?.getAttribute('href')).toBe(OUTAGE.statusPage);
  });

  it('says it without a time when the provider lists no open incident', async () => {
    statusHost((url) => (url === STATUS_URL ? json(withIndicator('minor')) : json({ incidents: [] })));
    await open();
    expect(line()).toBe("Cloudflare's own status page reports minor problems.");
  });

  it('sends no cookies and no referrer, only to the fixed status address', async () => {
    const requests = statusHost(serving(STATUS_MAJOR));
    await open();
    for (const { url, init } of requests) {
      expect(new URL(url).host).toBe('www.cloudflarestatus.com');
      expect(url).not.toContain('news.example');
      expect(url).not.toContain('shop.example.com');
      expect(init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' });
    }
  });

  it('says nothing more than the link when the status page fails, and does not ask again for five minutes', async () => {
    const requests = statusHost(() => json({ error: 'down' }, 503));
    await open();
    expect(line()).toBeNull();
    expect(page!.root.querySelector('.provider-outage a')).not.toBeNull();
    page!.unmount();
    clock += PROVIDER_STATUS_TTL_MS - 1000;
    await open();
    expect(requests).toHaveLength(1);
  });

  it('gives up on a slow status page', async () => {
    statusHost(
      (_url) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = vi.mocked(fetch).mock.calls.at(-1)![1]!.signal!;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    const started = performance.now();
    const look = await lookUpProviderStatus('cloudflare', {
      fetch,
      area: { get: async () => ({}), set: async () => {} },
      now: () => clock,
      timeoutMs: 50,
    });
    expect(look).toEqual({ at: clock, status: null });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('what is requested, and when', () => {
  it('reads the status at most once per provider in five minutes, across popups', async () => {
    const requests = statusHost(serving(withIndicator('none')));
    await open();
    page!.unmount();
    clock += 60_000;
    await open();
    expect(line()).toBe("Cloudflare's own status page reports no problem right now.");
    expect(requests).toHaveLength(1);
    page!.unmount();
    clock += PROVIDER_STATUS_TTL_MS;
    await open();
    expect(requests).toHaveLength(2);
    expect(sessionItems.get(STORAGE_KEYS.providerStatus)).toEqual({
      cloudflare: { at: clock, status: { indicator: 'none', since: null } },
    });
  });

  it('asks nothing with the setting off, nor for a provider without a machine-readable status', async () => {
    const requests = statusHost(serving(STATUS_MAJOR));
    await open({ ...DEFAULT_SETTINGS, providerStatus: false });
    expect(line()).toBeNull();
    page!.unmount();
    await open(DEFAULT_SETTINGS, {
      provider: 'fastly',
      hosts: ['a.example'],
      statusPage: 'https://www.fastlystatus.com/',
    });
    expect(line()).toBeNull();
    expect(page!.root.querySelector('.provider-outage a')?.getAttribute('href')).toBe(
      'https://www.fastlystatus.com/',
    );
    expect(requests).toEqual([]);
  });

  it('asks nothing once the popup is closed: a request under way is cancelled', async () => {
    let signal: AbortSignal | undefined;
    const requests = statusHost(
      (_url) =>
        new Promise<Response>((_resolve, reject) => {
          signal = vi.mocked(fetch).mock.calls.at(-1)![1]!.signal!;
          signal.addEventListener('abort', () => reject(signal!.reason));
        }),
    );
    await open();
    expect(requests).toHaveLength(1);
    page!.unmount();
    page = undefined;
    await settle();
    expect(signal?.aborted).toBe(true);
    expect(requests).toHaveLength(1);
  });
});

describe('reading Statuspage answers', () => {
  it('takes only the four documented indicators', () => {
    expect(parseIndicator(STATUS_MAJOR)).toBe('major');
    expect(parseIndicator({ status: { indicator: 'maintenance' } })).toBeNull();
    expect(parseIndicator({ status: 'ok' })).toBeNull();
    expect(parseIndicator(null)).toBeNull();
  });

  it("dates an outage from its earliest open incident's start", () => {
    expect(parseSince(INCIDENTS)).toBe(Date.parse('2026-12-07T13:05:00.000Z'));
    expect(parseSince({ incidents: [{ created_at: 'garbage' }] })).toBeNull();
    expect(parseSince({})).toBeNull();
  });
});
