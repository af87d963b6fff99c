/** Private tabs in the state machine: recovered like any other, never recorded, gone with their tab. */
import { describe, expect, it } from 'vitest';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const T0 = 1_000_000;
const RUN = 'run';
const ctx = (now: number): m.Context => ({
  now,
  settings: { ...DEFAULT_SETTINGS, maxAttempts: 3 },
  random: () => 0.5,
});
const SECRET_URL = 'https://shop.example/orders/4711?token=private-secret';
const fail = (tabId: number, url: string, incognito: boolean): m.LoadCompleted => ({
  tabId,
  url,
  method: 'GET',
  statusCode: 502,
  incognito,
});

function checkAnswers(state: RecoveryState, now: number, status: number) {
  const started = m.startDueChecks(state, ctx(now), RUN);
  let s = started.state;
  const effects = [...started.effects];
  for (const e of started.effects) {
    if (e.type !== 'probe') continue;
    const done = m.checkFinished(s, { origin: e.origin, runId: RUN, status }, ctx(now + 10));
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
    expect(back.state).toEqual({ tabs: {}, origins: {} });
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

  it('share the check of a site with regular tabs, but their address leaves the schedule with them', () => {
    let s = m.loadCompleted(EMPTY_STATE, fail(1, SECRET_URL, true), ctx(T0)).state;
    s = m.loadCompleted(s, fail(2, 'https://shop.example/', false), ctx(T0 + 10)).state;
    expect(Object.keys(s.origins)).toEqual(['https://shop.example']);
    expect(s.origins['https://shop.example']?.probeUrl).toBe(SECRET_URL);
    const closed = m.tabClosed(s, 1, T0 + 20);
    expect(closed.effects).toEqual([]);
    expect(JSON.stringify(closed.state)).not.toContain('private-secret');
    expect(closed.state.origins['https://shop.example']?.probeUrl).toBe('https://shop.example/');
    // The regular tab is still recorded as before.
    expect(m.tabClosed(closed.state, 2, T0 + 30).effects).toMatchObject([{ type: 'record' }]);
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
