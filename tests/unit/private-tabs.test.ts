/** Private tabs in the state machine: recovered like any other, never recorded, gone with their tab. */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const T0 = 1_000_000;
const RUN = 'run';
const ctx = (now: number, maxAttempts = 3): m.Context => ({
  now,
  settings: { ...DEFAULT_SETTINGS, maxAttempts },
  random: () => 0.5,
});
const SECRET_URL = 'https://shop.example/orders/4711?token=private-secret';
const fail = (tabId: number, url: string, incognito: boolean, windowId = 1): m.LoadCompleted => ({
  tabId,
  url,
  method: 'GET',
  statusCode: 502,
  incognito,
  windowId,
});

function checkAnswers(state: RecoveryState, now: number, status: number, maxAttempts = 3) {
  const started = m.startDueChecks(state, ctx(now, maxAttempts), RUN);
  let s = started.state;
  const effects = [...started.effects];
  for (const e of started.effects) {
    if (e.type !== 'probe') continue;
    const done = m.checkFinished(s, { origin: e.origin, runId: RUN, status }, ctx(now + 10, maxAttempts));
    s = done.state;
    effects.push(...done.effects);
  }
  return { state: s, effects };
}

describe('private tabs', () => {
  it('recover like any other, notify without naming the site, and record nothing', () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true), ctx(T0)).state;
    expect(s.tabs[1]).toMatchObject({ phase: 'waiting', private: true });
    const checked = checkAnswers(s, T0 + 2000, 200);
    expect(checked.effects).toContainEqual(expect.objectContaining({ type: 'reload', tabId: 1 }));
    s = checked.state;
    const back = m.loadCompleted(
      s,
      { tabId: 1, url: SECRET_URL, method: 'GET', statusCode: 200 },
      ctx(T0 + 3000),
    );
    expect(back.effects).toEqual([{ type: 'notify-recovered', tabId: 1, host: null }]);
    expect(JSON.stringify(back.state)).not.toContain('private-secret');
    expect(m.windowsClosed(back.state, [1], T0 + 4000).state).toEqual({ tabs: {}, origins: {} });
  });

  it('give up, stop, close and leave without a record', () => {
    const start = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true), ctx(T0)).state;
    let s = start;
    const effects: m.Effect[] = [];
    for (let i = 0; i < 3; i++) {
      const r = checkAnswers(s, T0 + 200_000 * (i + 1), 502);
      s = r.state;
      effects.push(...r.effects);
    }
    expect(s.tabs[1]?.phase).toBe('gave-up');
    effects.push(...m.tabClosed(s, 1, T0 + 1e6).effects);
    effects.push(...m.stopTab(start, 1, T0).effects);
    effects.push(...m.tabUrlChanged(start, 1, 'https://other.example/', T0).effects);
    effects.push(
      ...m.loadCompleted(start, { ...fail(1, SECRET_URL, true), method: 'POST' }, ctx(T0)).effects,
    );
    effects.push(
      ...m.settingsChanged(start, { ...ctx(T0), settings: { ...DEFAULT_SETTINGS, enabled: false } }).effects,
    );
    expect(effects.filter((e) => e.type === 'record')).toEqual([]);
  });

  it("keep a private tab's site apart from a normal window's: its own count, check and address", () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true, 9), ctx(T0)).state;
    s = checkAnswers(s, T0 + 2000, 502).state;
    s = m.loadCompleted(s, fail(2, 'https://shop.example/', false), ctx(T0 + 3000)).state;
    expect(s.origins['https://shop.example']).toMatchObject({
      attempts: 0,
      probeUrl: 'https://shop.example/',
    });
    expect(s.origins['private https://shop.example']).toMatchObject({ attempts: 1, private: true });
    const closed = m.tabClosed(s, 1, T0 + 4000);
    expect(closed.effects).toEqual([]);
    expect(JSON.stringify(closed.state)).not.toContain('private-secret');
    // The regular tab is still recorded, with nothing of the private tab's checks in it.
    expect(m.tabClosed(closed.state, 2, T0 + 5000).effects).toMatchObject([
      { type: 'record', incident: { attempts: 0, checks: [] } },
    ]);
  });

  it("keep their site's count while their window is open, and forget it with the window", () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true, 9), ctx(T0)).state;
    s = checkAnswers(s, T0 + 2000, 502).state;
    s = m.navigationStarted(s, 1, 'https://other.example/', T0 + 3000).state;
    const cooling = s.origins['private https://shop.example'];
    expect(cooling).toMatchObject({ attempts: 1, probeUrl: 'https://shop.example', windows: [9] });
    expect(JSON.stringify(s)).not.toContain('private-secret');
    // Another window closing changes nothing; its own closing takes the count with it.
    expect(m.windowsClosed(s, [4], T0 + 4000).state).toBe(s);
    expect(m.windowsClosed(s, [9], T0 + 4000).state).toEqual({ tabs: {}, origins: {} });
  });

  it('a private page that retries itself at a new address every 2 s gets at most 8 requests a minute', () => {
    const requestsIn = (incognito: boolean) => {
      let s: RecoveryState = EMPTY_STATE;
      const sent: number[] = [];
      for (let at = T0; at < T0 + 120_000; at += 250) {
        if ((at - T0) % 2000 === 0) {
          const url = `https://shop.example/pay?retry=${(at - T0) / 2000}`;
          s = m.navigationStarted(s, 1, url, at).state;
          s = m.loadCompleted(s, fail(1, url, incognito, 9), ctx(at)).state;
        }
        const r = checkAnswers(s, at, 502);
        s = r.state;
        sent.push(...r.effects.filter((e) => e.type === 'probe').map(() => at));
      }
      return sent;
    };
    for (const incognito of [true, false]) {
      const sent = requestsIn(incognito);
      expect(sent.length).toBeGreaterThan(0);
      for (const at of sent)
        expect(sent.filter((x) => x >= at && x < at + 60_000).length).toBeLessThanOrEqual(8);
    }
    // The private page costs the site no more than the same page in a normal window.
    expect(requestsIn(true)).toEqual(requestsIn(false));
  });

  it("share the site's budget with a normal window: at most 8 requests a minute in all", () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true, 9), ctx(T0, 20)).state;
    s = m.loadCompleted(s, fail(2, 'https://shop.example/', false), ctx(T0, 20)).state;
    const sent: number[] = [];
    for (let at = T0; at < T0 + 120_000; at += 250) {
      // The visitor keeps switching between the two, asking for checks as soon as allowed.
      s = m.tabActivated(s, at % 500 === 0 ? 1 : 2, at % 500 === 0 ? 9 : 1, at).state;
      const r = checkAnswers(s, at, 502, 20);
      s = r.state;
      sent.push(...r.effects.filter((e) => e.type === 'probe').map(() => at));
    }
    expect(sent.length).toBeGreaterThan(8);
    for (const at of sent)
      expect(sent.filter((x) => x >= at && x < at + 60_000).length).toBeLessThanOrEqual(8);
  });

  it('"Try again" keeps a private site private: nothing of it stays after its window closes', () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true, 9), ctx(T0)).state;
    for (let i = 0; i < 3; i++) s = checkAnswers(s, T0 + 200_000 * (i + 1), 502).state;
    expect(s.tabs[1]?.phase).toBe('gave-up');
    // Long after: the site's count has cooled down and gone; "Try again" starts a new schedule.
    const later = T0 + 2_000_000;
    s = m.retryNow(m.windowsClosed(s, [], later).state, 1, ctx(later)).state;
    expect(Object.keys(s.origins)).toEqual(['private https://shop.example']);
    s = m.loadCompleted(s, fail(2, 'https://shop.example/', false), ctx(later + 10)).state;
    expect(s.origins['https://shop.example']?.attempts).toBe(0);
    s = m.tabClosed(s, 1, later + 20).state;
    s = m.windowsClosed(s, [9], later + 30).state;
    s = m.tabClosed(s, 2, later + 40).state;
    expect(Object.keys(s.origins)).toEqual(['https://shop.example']);
    expect(JSON.stringify(s)).not.toContain('private');
  });

  it('stay private when the same page fails again, even if the lookup could not say so', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true), ctx(T0)).state;
    const again = m.loadCompleted(s, { ...fail(1, SECRET_URL, false), incognito: undefined }, ctx(T0 + 5));
    expect(again.state.tabs[1]?.private).toBe(true);
  });

  it('a regular tab with a password in its address keeps none of it', () => {
    const s = m.loadCompleted(EMPTY_STATE, fail(3, 'http://user:pw-123@127.0.0.1:8080/a', false), ctx(T0));
    expect(JSON.stringify(s.state)).not.toContain('pw-123');
    const closed = m.tabClosed(s.state, 3, T0 + 1);
    expect(JSON.stringify(closed.effects)).not.toContain('pw-123');
    expect(closed.effects).toMatchObject([{ type: 'record', incident: { url: 'http://127.0.0.1:8080/a' } }]);
  });
});
