// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decideVerdict } from '../../src/core/verdict';
import {
  byText,
  CHROME_LINUX,
  click,
  makeOrigin,
  makeTab,
  makeView,
  type Rendered,
  renderPopup,
} from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

let page: Rendered;
afterEach(() => page?.unmount());
const text = (selector: string) => page.root.querySelector(selector)?.textContent?.trim() ?? null;
const fixes = () => [...page.root.querySelectorAll('.fix')].map((li) => li.getAttribute('data-fix'));
const unanswered = { code: 0, layer: 'unknown' as const, headers: [] };
const failedCheck = makeOrigin({ lastCheck: { at: 1, ok: false, status: null } });

describe('a load that got no answer, in the popup', () => {
  it('names a refused connection as the site not answering, on the site side, whatever the checks met', () => {
    page = renderPopup(
      makeView({ tab: makeTab({ ...unanswered, failure: 'refused' }), origin: failedCheck }),
    );
    expect(text('h1')).toBe('The site is not answering');
    expect(text('.meaning')).toContain('refused or dropped the connection');
    expect(text('.verdict h2')).toBe("The problem is on the site's side");
    expect(text('.verdict p')).toContain('Nothing came back from the site');
    // The fixes stay one click away while the tab is retried; their order is the site side's.
    const verdict = decideVerdict({
      online: true,
      tab: makeTab({ ...unanswered, failure: 'refused' }),
      lastCheck: failedCheck.lastCheck,
    });
    expect(verdict.fixes.slice(0, 2)).toEqual(['down-for-everyone', 'archive']);
    // Nothing on the way answered, so no proxy or CDN is drawn between the browser and the server.
    expect(verdict.hops.map((h) => [h.kind, h.state])).toEqual([
      ['browser', 'ok'],
      ['site', 'failing'],
    ]);
    const hops = [...page.root.querySelectorAll('.hop')].map((li) => li.textContent);
    expect(hops).toEqual(['✓Your browserworking', "✕Site's serverfailing"]);
    expect(verdict.fixes).toContain('other-device');
  });

  it('leads with the DNS advice for a name that does not resolve', () => {
    page = renderPopup(makeView({ tab: makeTab({ ...unanswered, failure: 'dns' }), origin: failedCheck }));
    expect(text('h1')).toBe('Address not found');
    expect(text('.verdict p')).toContain('does not resolve');
    expect(fixes()[0]).toBe('dns');
  });

  it('says an offline device is the visitor connection, and that the page comes back by itself', () => {
    page = renderPopup(
      makeView({ tab: makeTab({ ...unanswered, failure: 'offline' }), origin: failedCheck }),
    );
    expect(text('h1')).toBe('You are offline');
    expect(text('.meaning')).toContain('comes back by itself');
    expect(
      decideVerdict({ online: true, tab: makeTab({ failure: 'offline' }), lastCheck: null }).reason,
    ).toBe('offline');
  });

  it('offers to keep checking a name that never opened in the tab, and asks the background to', async () => {
    const tab = makeTab({ ...unanswered, failure: 'dns', phase: 'not-retried', reason: 'unknown-name' });
    page = renderPopup(makeView({ tab, origin: null }));
    expect(text('.retry [role="status"]')).toContain('may be mistyped');
    await click(byText(page.root, '.retry button', 'Keep checking'));
    expect(page.actions.resume).toHaveBeenCalledTimes(1);
  });

  it('shows a code stored by an older version as before, and ignores a kind it does not know', () => {
    page = renderPopup(makeView({ tab: makeTab({ failure: 'gone' as never }) }));
    expect(text('h1')).toBe('502 Bad Gateway');
  });
});

describe("a failed form's notice", () => {
  it('tells where the typed text is kept: on Back in Chromium, and in Firefox unless the page forbids a copy', () => {
    const tab = makeTab({
      ...unanswered,
      failure: 'refused',
      method: 'POST',
      phase: 'not-retried',
      reason: 'post',
    });
    page = renderPopup(makeView({ tab }));
    expect(text('[data-testid="post-back"]')).toContain('go Back');
    page.unmount();
    page = renderPopup(makeView({ tab }), { env: { ...CHROME_LINUX, browser: 'firefox' } });
    expect(text('[data-testid="post-back"]')).toContain('unless the site forbids keeping a copy');
  });
});
