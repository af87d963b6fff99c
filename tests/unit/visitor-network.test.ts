// @vitest-environment happy-dom
/**
 * The visitor's own network, known across sites: the same error (status, server/via, page) from at
 * least three unrelated sites within five minutes, with nothing getting through in between.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, it, vi } from 'vitest';
import { bodyPrint, errorSignature } from '../../src/core/error-signature';
import * as recovery from '../../src/core/recovery';
import type { Incident } from '../../src/core/recovery-state';
import { EMPTY_STATE } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { composeTabView } from '../../src/core/tab-view';
import {
  findVisitorNetwork,
  type SignedFailure,
  VISITOR_NETWORK_MIN_SITES,
  VISITOR_NETWORK_WINDOW_MS,
} from '../../src/core/visitor-network';

vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
const { makeTab, NOW } = await import('./support/popup-fixtures');

const NGINX_PAGE = (host: string) =>
  `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n<!-- ${host} -->`;
const PROXY = { code: 502, headers: [['server', 'nginx/1.22.1']] as [string, string][] };
const proxySignature = (host: string) =>
  errorSignature({ ...PROXY, bodyPrint: bodyPrint(NGINX_PAGE(host), host)! });
const failure = (host: string, at = NOW, signature = proxySignature(host)): SignedFailure => ({
  host,
  at,
  signature,
});

describe('errorSignature', () => {
  it('is the same for one proxy whatever the site, even where its page names the URL and the time', () => {
    const squid = (url: string, date: string) =>
      `<p>while trying to retrieve the URL: <a href="${url}">${url}</a></p><p>Generated ${date} by proxy (squid/5.7)</p>`;
    expect(bodyPrint(squid('http://a.test/x', 'Mon, 07 Dec 2026 00:01:02 GMT'), 'a.test')).toBe(
      bodyPrint(squid('http://www.b.example/y?z=1', 'Tue, 08 Dec 2026 10:11:12 GMT'), 'www.b.example'),
    );
    expect(proxySignature('a.test')).toBe(proxySignature('b.example'));
    expect(bodyPrint('   ', 'a.test')).toBeNull();
  });

  it('differs with the status, the server or via header, or the page', () => {
    const base = errorSignature({ ...PROXY, bodyPrint: 'p1' });
    expect(errorSignature({ ...PROXY, code: 504, bodyPrint: 'p1' })).not.toBe(base);
    expect(errorSignature({ ...PROXY, headers: [['server', 'envoy']], bodyPrint: 'p1' })).not.toBe(base);
    expect(
      errorSignature({ ...PROXY, headers: [...PROXY.headers, ['via', '1.1 gw']], bodyPrint: 'p1' }),
    ).not.toBe(base);
    expect(errorSignature({ ...PROXY, bodyPrint: 'p2' })).not.toBe(base);
  });

  it('has none past a provider, nor for an error with nothing to compare', () => {
    expect(errorSignature({ ...PROXY, chain: ['cloudflare', 'nginx'] })).toBeNull();
    expect(errorSignature({ code: 502, headers: [['content-type', 'text/html']] })).toBeNull();
  });
});

describe('what the recovery keeps for it', () => {
  it("keeps a failing check's page fingerprint on the tab, and the signature in its history entry", () => {
    const ctx = (now: number) => ({ now, settings: { ...DEFAULT_SETTINGS }, random: () => 0.5 });
    const load = {
      tabId: 1,
      url: 'http://site-a.test/',
      method: 'GET',
      statusCode: 502,
      headers: [{ name: 'server', value: 'nginx/1.22.1' }],
      visible: true,
      windowId: 1,
    };
    let state = recovery.loadCompleted(EMPTY_STATE, load, ctx(NOW)).state;
    state = recovery.startDueChecks(state, ctx(NOW + 2000), 'run').state;
    state = recovery.checkFinished(
      state,
      {
        origin: 'http://site-a.test',
        runId: 'run',
        status: 502,
        headers: PROXY.headers,
        body: NGINX_PAGE('site-a.test'),
      },
      ctx(NOW + 2100),
    ).state;
    const print = bodyPrint(NGINX_PAGE('site-a.test'), 'site-a.test')!;
    expect(state.tabs[1]?.bodyPrint).toBe(print);
    const { effects } = recovery.tabClosed(state, 1, NOW + 3000);
    const record = effects.find((e) => e.type === 'record');
    expect(record?.type === 'record' && record.incident.signature).toBe(proxySignature('site-b.test'));
  });
});

describe('findVisitorNetwork', () => {
  const current = failure('shop.site-a.test');

  it(`needs ${VISITOR_NETWORK_MIN_SITES} unrelated sites: hosts of one site count once`, () => {
    expect(findVisitorNetwork(current, [failure('site-b.test', NOW - 60_000)], [])).toBeNull();
    expect(
      findVisitorNetwork(
        current,
        [failure('site-b.test', NOW - 60_000), failure('www.site-a.test', NOW - 1)],
        [],
      ),
    ).toBeNull();
    expect(
      findVisitorNetwork(
        current,
        [
          failure('site-b.test', NOW - 60_000),
          failure('news.site-c.test', NOW - 30_000),
          failure('site-c.test'),
        ],
        [],
      ),
    ).toEqual({ hosts: ['site-b.test', 'news.site-c.test'] });
  });

  it(`counts failures within ${VISITOR_NETWORK_WINDOW_MS / 60_000} minutes of this one only`, () => {
    const b = failure('site-b.test', NOW - VISITOR_NETWORK_WINDOW_MS);
    expect(findVisitorNetwork(current, [b, failure('site-c.test', NOW + 10)], [])).not.toBeNull();
    expect(
      findVisitorNetwork(current, [b, failure('site-c.test', NOW - VISITOR_NETWORK_WINDOW_MS - 1)], []),
    ).toBeNull();
  });

  it('needs the same signature; a page not yet checked matches on status and headers', () => {
    const other = errorSignature({ ...PROXY, bodyPrint: 'another-page' });
    const unchecked = errorSignature(PROXY);
    expect(
      findVisitorNetwork(current, [failure('site-b.test'), failure('site-c.test', NOW, other)], []),
    ).toBeNull();
    expect(
      findVisitorNetwork(current, [failure('site-b.test'), failure('site-c.test', NOW, unchecked)], []),
    ).not.toBeNull();
    expect(
      findVisitorNetwork(failure('site-a.test', NOW, null), [failure('b.test'), failure('c.test')], []),
    ).toBeNull();
  });

  it('starts again after a page got through: a recovery, or another site failing differently', () => {
    const others = [failure('site-b.test', NOW - 120_000), failure('site-c.test', NOW - 60_000)];
    expect(findVisitorNetwork(current, others, [NOW - 200_000])).not.toBeNull();
    // A site came back between the failures: only those after it count.
    expect(findVisitorNetwork(current, others, [NOW - 90_000])).toBeNull();
    expect(findVisitorNetwork(current, others, [NOW + 1000])).toBeNull();
    // A CDN's error means the request crossed the visitor's network.
    expect(
      findVisitorNetwork(current, [...others, failure('site-d.test', NOW - 30_000, null)], []),
    ).toBeNull();
    expect(
      findVisitorNetwork(
        current,
        [
          ...others,
          failure('site-d.test', NOW - 30_000, null),
          failure('site-e.test', NOW - 20_000),
          failure('site-f.test', NOW - 10_000),
        ],
        [],
      ),
    ).toEqual({ hosts: ['site-e.test', 'site-f.test'] });
  });
});

describe("the popup's view: private tabs counted apart", () => {
  const proxyTab = (tabId: number, host: string, over = {}) =>
    makeTab({
      tabId,
      host,
      url: `http://${host}/`,
      origin: `http://${host}`,
      layer: 'nginx',
      chain: ['nginx'],
      headers: PROXY.headers,
      bodyPrint: bodyPrint(NGINX_PAGE(host), host)!,
      startedAt: NOW - tabId * 1000,
      ...over,
    });
  const history = (host: string, over: Partial<Incident> = {}): Incident => ({
    id: host,
    host,
    url: `http://${host}/`,
    code: 502,
    method: 'GET',
    layer: 'nginx',
    signature: proxySignature(host)!,
    startedAt: NOW - 60_000,
    endedAt: NOW - 50_000,
    attempts: 1,
    outcome: 'navigated',
    checks: [],
    ...over,
  });
  const view = (tabs: ReturnType<typeof proxyTab>[], past: Incident[] = []) =>
    composeTabView({
      tabId: 1,
      state: { tabs: Object.fromEntries(tabs.map((t) => [t.tabId, t])), origins: {} },
      settings: { ...DEFAULT_SETTINGS },
      history: past,
      host: null,
      now: NOW,
      online: true,
    });

  it('counts regular tabs and the history (a visitor who moved on from a failing site)', () => {
    expect(
      view([proxyTab(1, 'site-a.test'), proxyTab(2, 'site-b.test')], [history('site-c.test')]).visitorNetwork,
    ).toEqual({
      hosts: ['site-b.test', 'site-c.test'],
    });
    expect(
      view(
        [proxyTab(1, 'site-a.test'), proxyTab(2, 'site-b.test')],
        [history('site-c.test'), history('site-d.test', { outcome: 'recovered', endedAt: NOW - 2000 })],
      ).visitorNetwork,
    ).toBeNull();
  });

  it("never counts a private tab's site in a regular tab's view", () => {
    const tabs = [
      proxyTab(1, 'site-a.test'),
      proxyTab(2, 'site-b.test'),
      proxyTab(3, 'site-c.test', { private: true }),
    ];
    expect(view(tabs).visitorNetwork).toBeNull();
  });

  it("counts only private tabs in a private tab's view, never the regular history", () => {
    const priv = { private: true as const };
    expect(
      view(
        [proxyTab(1, 'site-a.test', priv), proxyTab(2, 'site-b.test', priv), proxyTab(3, 'site-c.test')],
        [history('site-d.test')],
      ).visitorNetwork,
    ).toBeNull();
    expect(
      view([
        proxyTab(1, 'site-a.test', priv),
        proxyTab(2, 'site-b.test', priv),
        proxyTab(3, 'site-c.test', priv),
      ]).visitorNetwork,
    ).toEqual({ hosts: ['site-b.test', 'site-c.test'] });
  });
});
