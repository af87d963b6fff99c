/**
 * Loads read from the page (service-worker sites, tabs older than the extension) and tabs that change
 * id: the page's report is checked before it is believed, and a tab never has two incidents.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPageReport, loadFromReading } from '../../src/core/page-report';
import * as m from '../../src/core/recovery';
import { EMPTY_STATE, type RecoveryState } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';

const RUN = 'run-1';
const T0 = 1_000_000;
/** Monotonic milliseconds from asking a page to its answer. */
const SINCE_ASKED = 4;
const URL_A = 'https://news.example/story';
const ORIGIN = 'https://news.example';
const settings: Settings = { ...DEFAULT_SETTINGS, maxAttempts: 5 };
const ctx = (now: number): m.Context => ({ now, settings, random: () => 0.5 });
const report = (extra: Record<string, unknown> = {}) => ({
  url: URL_A,
  status: 502,
  age: 2000,
  requestMs: 180.4,
  ...extra,
});
/** What the background feeds the machine after a good report. */
const reading = (tabId: number, status = 502, url = URL_A) =>
  loadFromReading(tabId, { url, status, requestMs: 180 });
const network = (tabId: number, extra: Partial<m.LoadCompleted> = {}): m.LoadCompleted => ({
  tabId,
  url: URL_A,
  method: 'GET',
  statusCode: 502,
  headers: [
    { name: 'server', value: 'cloudflare' },
    { name: 'retry-after', value: '20' },
  ],
  ...extra,
});
const siteAnswers = (s: RecoveryState, now: number) => {
  const started = m.startDueChecks(s, ctx(now), RUN).state;
  return m.checkFinished(started, { origin: ORIGIN, runId: RUN, status: 200 }, ctx(now));
};

describe("checking a page's report", () => {
  it('accepts a status for the page asked about, with the request time rounded', () => {
    expect(checkPageReport(report(), URL_A, SINCE_ASKED)).toEqual({
      ok: true,
      reading: { url: URL_A, status: 502, requestMs: 180 },
    });
    // A fragment the page added since (#comments) is the same page.
    expect(checkPageReport(report({ url: `${URL_A}#comments` }), URL_A, SINCE_ASKED).ok).toBe(true);
  });

  it('believes nothing from a page that reports no status: unknown is never taken for failing', () => {
    expect(checkPageReport(report({ status: undefined }), URL_A, SINCE_ASKED)).toEqual({
      ok: false,
      reason: 'no-status',
    });
    // 0: a cross-origin redirect hides the status.
    expect(checkPageReport(report({ status: 0 }), URL_A, SINCE_ASKED)).toEqual({
      ok: false,
      reason: 'no-status',
    });
  });

  it('drops a report from a page that navigated again before it arrived', () => {
    expect(checkPageReport(report({ url: 'https://news.example/other' }), URL_A, SINCE_ASKED)).toEqual({
      ok: false,
      reason: 'moved',
    });
    // Reloaded at the same address after we asked (3 ms old, asked 5 ms ago): that document's own
    // load is read when it ends.
    expect(checkPageReport(report({ age: 3 }), URL_A, 5)).toEqual({
      ok: false,
      reason: 'newer-document',
    });
  });

  it('judges a document by its age, so a clock set back since it began does not make it newer', () => {
    // Begun 2 s before the ask, whatever the wall clocks of the page and the worker said since.
    expect(checkPageReport(report({ age: 2005 }), URL_A, 5).ok).toBe(true);
  });

  it('rejects anything malformed, whatever the page put there', () => {
    for (const raw of [
      null,
      undefined,
      'status 502',
      502,
      [],
      report({ status: '502' }),
      report({ status: 502.5 }),
      report({ status: 99 }),
      report({ status: 600 }),
      report({ status: Number.NaN }),
      report({ url: 42 }),
      report({ url: 'chrome://newtab/' }),
      report({ url: 'javascript:alert(1)' }),
      report({ url: `${URL_A}?${'x'.repeat(9000)}` }),
    ]) {
      expect(checkPageReport(raw, URL_A, SINCE_ASKED)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('keeps a request time only when it is a plausible one', () => {
    for (const requestMs of [-1, Number.POSITIVE_INFINITY, Number.NaN, 11 * 60_000, '180', undefined]) {
      const r = checkPageReport(report({ requestMs }), URL_A, SINCE_ASKED);
      expect(r.ok && r.reading.requestMs).toBeNull();
    }
  });
});

describe('loads read from the page in the state machine', () => {
  it('a 502 read from the page starts an incident; the engine returns to it by a new GET navigation, never a reload', () => {
    const started = m.loadCompleted(EMPTY_STATE, reading(4, 502, `${URL_A}#top`), ctx(T0));
    expect(started.state.tabs[4]).toMatchObject({
      phase: 'waiting',
      source: 'page',
      method: 'GET',
      code: 502,
      requestMs: 180,
      layer: 'unknown',
    });
    expect(started.state.origins[ORIGIN]?.nextCheckAt).toBe(T0 + 1350);
    const answered = siteAnswers(started.state, T0 + 1350);
    expect(answered.effects).toEqual([{ type: 'reload', tabId: 4, url: `${URL_A}#top`, navigate: true }]);
  });

  it('returns to the exact address the tab shows, never the cut one kept for storage, and keeps its fragment', () => {
    const long = `${URL_A}?q=${'é'.repeat(1500)}&page=2#/inbox/42`;
    const started = m.loadCompleted(EMPTY_STATE, reading(4, 502, long), ctx(T0));
    const stored = started.state.tabs[4]!.url;
    expect(stored).toMatch(/\.\.\.\(cut-\d+-[0-9a-f]{8}\)$/);
    const [effect] = siteAnswers(started.state, T0 + 1350).effects;
    expect(effect).toEqual({ type: 'reload', tabId: 4, url: stored, navigate: true });
    // The GET goes to the address without its fragment (with it, the browser would only scroll);
    // the fragment is put back once the page shows.
    expect(m.returnTarget(long, stored)).toEqual({
      url: long.slice(0, long.indexOf('#')),
      fragment: '#/inbox/42',
    });
    expect(m.returnTarget(URL_A, URL_A)).toEqual({ url: URL_A, fragment: '' });
    // Another long address that shares the first 2 KB is another page; an unknown address is never guessed.
    expect(m.returnTarget(long.replace('page=2', 'page=3'), stored)).toBeNull();
    expect(m.returnTarget(undefined, stored)).toBeNull();
  });

  it('a tab webRequest saw fail is reloaded as before (the browser knows it was a GET)', () => {
    const s = m.loadCompleted(EMPTY_STATE, network(4), ctx(T0)).state;
    expect(siteAnswers(s, T0 + 20_000).effects).toEqual([{ type: 'reload', tabId: 4, url: URL_A }]);
  });

  it('a report for a tab the engine already tracks adds nothing: one incident, webRequest details kept', () => {
    const tracked = m.loadCompleted(EMPTY_STATE, network(4), ctx(T0));
    const again = m.loadCompleted(tracked.state, reading(4), ctx(T0 + 300));
    expect(again.state).toBe(tracked.state);
    expect(again.effects).toEqual([]);
    expect(again.state.tabs[4]).toMatchObject({ layer: 'cloudflare', retryAfterSeconds: 20 });
    expect(again.state.tabs[4]?.source).toBeUndefined();
  });

  it('a form answer webRequest saw as a POST never becomes a GET incident through the page', () => {
    const post = m.loadCompleted(EMPTY_STATE, network(4, { method: 'POST' }), ctx(T0));
    expect(post.state.tabs[4]).toMatchObject({ phase: 'not-retried', reason: 'post' });
    const read = m.loadCompleted(post.state, reading(4), ctx(T0 + 300));
    expect(read.state).toBe(post.state);
    expect(m.startDueChecks(read.state, ctx(T0 + 60_000), RUN).effects).toEqual([]);
  });

  it('after our navigation back, the page says whether it failed again or came back', () => {
    const waiting = m.loadCompleted(EMPTY_STATE, reading(4), ctx(T0)).state;
    const reloading = siteAnswers(waiting, T0 + 1350).state;
    expect(reloading.tabs[4]?.phase).toBe('reloading');

    const failedAgain = m.loadCompleted(reloading, reading(4), ctx(T0 + 1500));
    expect(failedAgain.state.tabs[4]).toMatchObject({ phase: 'waiting', startedAt: T0 });
    expect(failedAgain.effects).toEqual([]);

    const back = m.loadCompleted(reloading, reading(4, 200), ctx(T0 + 1500));
    expect(back.state.tabs).toEqual({});
    expect(m.nextWakeAt(back.state, RUN)).toBeNull();
    expect(back.effects).toEqual([
      expect.objectContaining({
        type: 'record',
        incident: expect.objectContaining({ outcome: 'recovered' }),
      }),
      { type: 'notify-recovered', tabId: 4, host: 'news.example' },
    ]);
  });

  it('after our navigation back, a page that reads another error is not back; a gateway error after it is a new incident', () => {
    const reloading = siteAnswers(m.loadCompleted(EMPTY_STATE, reading(4), ctx(T0)).state, T0 + 1350).state;
    const answered = m.loadCompleted(reloading, reading(4, 500), ctx(T0 + 1500));
    expect(answered.state.tabs[4]).toMatchObject({ phase: 'answered-other', answeredWith: 500 });
    expect(answered.effects).toEqual([
      expect.objectContaining({ incident: expect.objectContaining({ outcome: 'answered-other' }) }),
    ]);
    const again = m.loadCompleted(answered.state, reading(4), ctx(T0 + 9000));
    expect(again.state.tabs[4]).toMatchObject({ phase: 'waiting', startedAt: T0 + 9000 });
  });

  it('leaves 200, 404 and 500 read from a page alone', () => {
    for (const status of [200, 404, 500]) {
      expect(m.loadCompleted(EMPTY_STATE, reading(4, status), ctx(T0)).state).toBe(EMPTY_STATE);
    }
  });

  it('however webRequest events and page reports of one page interleave, the tab has one incident, never recorded twice', () => {
    const event = fc.constantFrom('network-502', 'read-502', 'check-ok', 'check-fails');
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), (events) => {
        let s: RecoveryState = EMPTY_STATE;
        const outcomes: string[] = [];
        let firstStart: number | null = null;
        let now = T0;
        for (const e of events) {
          now += 1500;
          let r: m.Result;
          if (e === 'network-502') r = m.loadCompleted(s, network(4), ctx(now));
          else if (e === 'read-502') r = m.loadCompleted(s, reading(4), ctx(now));
          else {
            const started = m.startDueChecks(s, ctx(now + 30_000), RUN);
            r = m.checkFinished(
              started.state,
              { origin: ORIGIN, runId: RUN, status: e === 'check-ok' ? 200 : 502 },
              ctx(now),
            );
          }
          s = r.state;
          for (const x of r.effects) if (x.type === 'record') outcomes.push(x.incident.outcome);
          const tab = s.tabs[4];
          if (tab) {
            firstStart ??= tab.startedAt;
            // Still the first incident: a duplicate would have started anew.
            expect(tab.startedAt).toBe(firstStart);
          }
        }
        // Recorded only by giving up, once: a second incident would have recorded the first as navigated.
        expect(outcomes.length).toBeLessThanOrEqual(1);
        expect(outcomes.every((o) => o === 'gave-up')).toBe(true);
      }),
    );
  });
});

describe('tabs that change id or disappear', () => {
  it("a discarded tab's new id takes over its incident: checked, reloaded and shown under the new id", () => {
    const waiting = m.loadCompleted(EMPTY_STATE, network(4), ctx(T0)).state;
    const moved = m.tabReplaced(waiting, 9, 4, T0 + 100);
    expect(moved.effects).toEqual([]);
    expect(Object.keys(moved.state.tabs)).toEqual(['9']);
    expect(moved.state.tabs[9]).toMatchObject({ tabId: 9, phase: 'waiting', startedAt: T0 });
    expect(moved.state.origins).toEqual(waiting.origins);
    expect(siteAnswers(moved.state, T0 + 20_000).effects).toEqual([{ type: 'reload', tabId: 9, url: URL_A }]);
    // When the visitor returns, the tab loads again under its new id: the same incident continues.
    const back = m.loadCompleted(moved.state, network(9, { statusCode: 200 }), ctx(T0 + 30_000));
    expect(back.effects).toEqual([
      expect.objectContaining({
        type: 'record',
        incident: expect.objectContaining({ outcome: 'recovered' }),
      }),
    ]);
  });

  it('a replacement of a tab without an incident changes nothing', () => {
    const waiting = m.loadCompleted(EMPTY_STATE, network(4), ctx(T0)).state;
    expect(m.tabReplaced(waiting, 9, 7, T0).state).toBe(waiting);
    expect(m.tabReplaced(waiting, 4, 4, T0).state).toBe(waiting);
  });

  it('a tab that is gone ends its incident, and nothing is checked for it any more', () => {
    const waiting = m.loadCompleted(EMPTY_STATE, network(4), ctx(T0)).state;
    const gone = m.tabsGone(waiting, [4, 12], T0 + 500);
    expect(gone.state.tabs).toEqual({});
    expect(gone.effects).toEqual([
      expect.objectContaining({ type: 'record', incident: expect.objectContaining({ outcome: 'closed' }) }),
    ]);
    expect(m.nextWakeAt(gone.state, RUN)).toBeNull();
  });
});
