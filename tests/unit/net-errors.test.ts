import { describe, expect, it } from 'vitest';
import { readIncidents } from '../../src/core/history-read';
import { nameWasKnown, netErrorKind } from '../../src/core/net-errors';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';

const RUN = 'run-1';
const T0 = 1_000_000;
const SITE = 'http://shop.example';
const URL_ = 'http://shop.example/cart';
const settings: Settings = { ...DEFAULT_SETTINGS, maxAttempts: 20 };
const ctx = (now: number, s: Settings = settings): m.Context => ({ now, settings: s, random: () => 0.5 });
const refused = (extra: Partial<m.LoadCompleted> = {}): m.LoadCompleted => ({
  tabId: 1,
  url: URL_,
  method: 'GET',
  statusCode: 0,
  failure: 'refused',
  visible: true,
  windowId: 1,
  ...extra,
});

describe('netErrorKind', () => {
  it('sorts the names Chromium 156 and Firefox ESR 153 sent for each case on this machine', () => {
    // Seen: a closed port, a server that accepts and closes, a reset, a self-signed certificate,
    // an unknown name, a load cancelled by the next navigation.
    expect(netErrorKind('net::ERR_CONNECTION_REFUSED')).toBe('refused');
    expect(netErrorKind('net::ERR_CONNECTION_RESET')).toBe('refused');
    expect(netErrorKind('net::ERR_CERT_AUTHORITY_INVALID')).toBe('certificate');
    expect(netErrorKind('net::ERR_NAME_NOT_RESOLVED')).toBe('dns');
    expect(netErrorKind('net::ERR_ABORTED')).toBe('aborted');
    expect(netErrorKind('NS_ERROR_CONNECTION_REFUSED')).toBe('refused');
    expect(netErrorKind('NS_ERROR_NET_RESET')).toBe('refused');
    expect(netErrorKind('The certificate is not trusted because it is self-signed.')).toBe('certificate');
    expect(netErrorKind('NS_ERROR_UNKNOWN_HOST')).toBe('dns');
    expect(netErrorKind('NS_BINDING_ABORTED')).toBe('aborted');
  });

  it('knows the timeouts, offline and blocked loads of both browsers, and leaves unknown names alone', () => {
    expect(netErrorKind('net::ERR_CONNECTION_TIMED_OUT')).toBe('timeout');
    expect(netErrorKind('NS_ERROR_NET_TIMEOUT')).toBe('timeout');
    expect(netErrorKind('net::ERR_INTERNET_DISCONNECTED')).toBe('offline');
    expect(netErrorKind('NS_ERROR_OFFLINE')).toBe('offline');
    expect(netErrorKind('net::ERR_BLOCKED_BY_CLIENT')).toBe('blocked');
    expect(netErrorKind('net::ERR_SSL_PROTOCOL_ERROR')).toBe('certificate');
    expect(netErrorKind('SEC_ERROR_EXPIRED_CERTIFICATE')).toBe('certificate');
    expect(netErrorKind('net::ERR_INVALID_URL')).toBe('other');
    expect(netErrorKind('')).toBe('other');
  });
});

describe('nameWasKnown', () => {
  const failing = 'http://shop.example/cart';
  it('counts a load a page of the same site started, or a tab that still showed the site', () => {
    expect(nameWasKnown(failing, { initiator: 'http://www.shop.example' })).toBe(true);
    // Chromium 156: the tab still shows the page the link was on.
    expect(nameWasKnown(failing, { tabUrl: 'http://www.shop.example/' })).toBe(true);
    // A reload of the page shown: the tab is loading it.
    expect(nameWasKnown(failing, { tabUrl: failing, tabLoading: true })).toBe(true);
  });

  it('counts a reload of the page the tab last showed, whatever the tab reports after the failure', () => {
    // Firefox ESR 153: a reload has no originUrl, and the tab may already show the error page, complete.
    expect(nameWasKnown(failing, { shownUrl: failing, tabUrl: failing, tabLoading: false })).toBe(true);
    // An address of the site typed on one of its pages.
    expect(nameWasKnown(failing, { shownUrl: 'https://www.shop.example/', tabUrl: failing })).toBe(true);
  });

  it('takes a name typed or followed from another site, or an error page of it, for unknown', () => {
    expect(nameWasKnown(failing, { tabUrl: 'https://search.example/?q=shop' })).toBe(false);
    expect(nameWasKnown(failing, { initiator: 'https://mail.example', tabUrl: 'about:blank' })).toBe(false);
    // Firefox ESR 153 may already show the failing address: that is no page the tab showed.
    expect(nameWasKnown(failing, { tabUrl: failing, tabLoading: false })).toBe(false);
    // The tab last showed another site's page: the failing address is a typo until the visitor asks.
    expect(nameWasKnown(failing, { shownUrl: 'https://search.example/?q=shop', tabUrl: failing })).toBe(
      false,
    );
    expect(nameWasKnown(failing, { shownUrl: 'about:blank' })).toBe(false);
    expect(nameWasKnown(failing, {})).toBe(false);
  });
});

function run(state: RecoveryState, ...steps: ((s: RecoveryState) => m.Result)[]) {
  const effects: m.Effect[] = [];
  for (const step of steps) {
    const r = step(state);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

describe('loads that got no answer', () => {
  it('start an incident with code 0 and their kind, checked and recovered like a gateway error', () => {
    const first = m.loadCompleted(EMPTY_STATE, refused(), ctx(T0));
    expect(first.state.tabs[1]).toMatchObject({ phase: 'waiting', code: 0, failure: 'refused' });
    const due = first.state.origins[SITE]!.nextCheckAt;
    const { state, effects } = run(
      first.state,
      (s) => m.startDueChecks(s, ctx(due), RUN),
      // A check that fails at the network level is "still failing".
      (s) => m.checkFinished(s, { origin: SITE, runId: RUN, status: null }, ctx(due + 10)),
    );
    expect(effects).toEqual([{ type: 'probe', origin: SITE, url: URL_ }]);
    expect(state.origins[SITE]).toMatchObject({ attempts: 1, lastCheck: { ok: false, status: null } });
    const next = state.origins[SITE]!.nextCheckAt;
    const back = run(
      state,
      (s) => m.startDueChecks(s, ctx(next), RUN),
      (s) => m.checkFinished(s, { origin: SITE, runId: RUN, status: 200 }, ctx(next + 10)),
      (s) => m.loadCompleted(s, { ...refused(), statusCode: 200, failure: undefined }, ctx(next + 50)),
    );
    expect(back.effects).toContainEqual({ type: 'reload', tabId: 1, url: URL_ });
    const record = back.effects.find((e) => e.type === 'record');
    expect(record).toMatchObject({ incident: { outcome: 'recovered', code: 0, failure: 'refused' } });
    expect(back.state.tabs[1]).toBeUndefined();
  });

  it("count their first load and the browser's own reloads of the error page as looks within the site budget", () => {
    // Chromium 156 reloads a visible network-error page after 1 s and 5 s (then 30 s, 1 min...).
    const { state } = run(
      EMPTY_STATE,
      (s) => m.loadCompleted(s, refused(), ctx(T0)),
      (s) => m.loadCompleted(s, refused(), ctx(T0 + 1000)),
      (s) => m.loadCompleted(s, refused(), ctx(T0 + 6000)),
    );
    const o = state.origins[SITE]!;
    // The first load reached the site too (a closed port, a dropped connection).
    expect(o.requests).toEqual([T0, T0 + 1000, T0 + 6000]);
    expect(o.checks.map((c) => c.by)).toEqual(['page', 'page']);
    // The next check moves out past the browser's look by the schedule's wait (1 s then 5 s is no
    // rhythm of the page's own: one look is not a reason to wait longer than the schedule would).
    expect(o.nextCheckAt).toBeGreaterThan(T0 + 6000);
  });

  it('leave a name that never resolved in this tab alone until the visitor asks', () => {
    const typo = refused({ failure: 'dns', knownName: false });
    const first = m.loadCompleted(EMPTY_STATE, typo, ctx(T0));
    expect(first.state.tabs[1]).toMatchObject({
      phase: 'not-retried',
      reason: 'unknown-name',
      failure: 'dns',
    });
    expect(m.startDueChecks(first.state, ctx(T0 + 60_000), RUN).effects).toEqual([]);
    // The browser retrying the page changes nothing.
    expect(m.loadCompleted(first.state, typo, ctx(T0 + 1000)).state.tabs[1]?.phase).toBe('not-retried');
    const asked = m.retryNow(first.state, 1, ctx(T0 + 5000));
    expect(asked.state.tabs[1]?.phase).toBe('waiting');
    expect(m.startDueChecks(asked.state, ctx(T0 + 5000), RUN).effects).toEqual([
      { type: 'probe', origin: SITE, url: URL_ },
    ]);
    // Once asked, the page failing again goes on being checked.
    expect(m.loadCompleted(asked.state, typo, ctx(T0 + 6000)).state.tabs[1]?.phase).toBe('waiting');
  });

  it('check a name that stopped resolving where the tab showed the site, on the sparser schedule', () => {
    const dns = refused({ failure: 'dns', knownName: true });
    const gateway = { ...refused(), statusCode: 502, failure: undefined };
    const looks = (load: m.LoadCompleted) => {
      let s = m.loadCompleted(EMPTY_STATE, load, ctx(T0)).state;
      const at: number[] = [];
      for (let i = 0; i < 6; i++) {
        const due = s.origins[SITE]!.nextCheckAt;
        at.push(due - T0);
        s = run(
          s,
          (x) => m.startDueChecks(x, ctx(due), RUN),
          (x) => m.checkFinished(x, { origin: SITE, runId: RUN, status: null }, ctx(due)),
        ).state;
      }
      return at;
    };
    const dnsLooks = looks(dns);
    const gatewayLooks = looks(gateway);
    expect(dnsLooks[0]).toBe(gatewayLooks[0]);
    // Every other moment of the visible schedule, though the tab is the one shown.
    expect(dnsLooks[5]! > gatewayLooks[5]! * 2).toBe(true);
  });

  it('start nothing for a kind turned off, and never end an incident as recovered by such a load', () => {
    const off: Settings = { ...settings, failures: ['timeout', 'dns', 'offline'] };
    expect(m.loadCompleted(EMPTY_STATE, refused(), ctx(T0, off)).state).toBe(EMPTY_STATE);
    const waiting = m.loadCompleted(
      EMPTY_STATE,
      { ...refused(), statusCode: 502, failure: undefined },
      ctx(T0),
    );
    const after = m.loadCompleted(waiting.state, refused(), ctx(T0 + 1000, off));
    expect(after.state.tabs[1]?.phase).toBe('waiting');
    expect(after.effects).toEqual([]);
    // Turned off while a tab of that kind waits: it stops being retried, like every tab when all is off.
    const waitingRefused = m.loadCompleted(EMPTY_STATE, refused(), ctx(T0)).state;
    const changed = m.settingsChanged(waitingRefused, ctx(T0 + 1000, off));
    expect(changed.state.tabs[1]).toMatchObject({ phase: 'not-retried', reason: 'disabled' });
  });

  it('keep their kind in the history, which still reads the entries of older versions', () => {
    const base = { id: 'a', host: 'shop.example', url: URL_, method: 'GET', layer: 'unknown', startedAt: T0 };
    const entries = readIncidents([
      {
        ...base,
        code: 0,
        failure: 'refused',
        endedAt: T0 + 1,
        attempts: 1,
        outcome: 'recovered',
        checks: [],
      },
      { ...base, id: 'b', code: 502, endedAt: T0 + 1, attempts: 1, outcome: 'recovered', checks: [] },
    ]);
    expect(entries.map((e) => [e.code, e.failure])).toEqual([
      [0, 'refused'],
      [502, undefined],
    ]);
  });
});
