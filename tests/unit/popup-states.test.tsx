// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { useLocale } from './support/fake-i18n-browser';
import {
  byText,
  click,
  makeOrigin,
  makeTab,
  makeView,
  NOW,
  type Rendered,
  renderPopup,
} from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

let page: Rendered;
afterEach(() => page?.unmount());
const text = (selector: string) => page.root.querySelector(selector)?.textContent?.trim() ?? null;
const buttons = (selector = '.retry button') =>
  [...page.root.querySelectorAll<HTMLButtonElement>(selector)].map((b) => b.textContent?.trim());

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 'i1',
  host: 'shop.example.com',
  url: 'https://shop.example.com/',
  code: 503,
  method: 'GET',
  layer: 'nginx',
  startedAt: NOW - 3 * 3600_000,
  endedAt: NOW - 3 * 3600_000 + 60_000,
  attempts: 4,
  outcome: 'recovered',
  checks: [],
  ...over,
});

describe('a healthy tab', () => {
  it('says so calmly, without verdict or buttons', () => {
    page = renderPopup(makeView({ tab: null }));
    expect(text('h1')).toBe('No gateway error on this tab');
    expect(text('[role="status"]')).toContain('retries it by itself');
    expect(page.root.querySelector('.verdict')).toBeNull();
    expect(page.root.querySelector('.history')).toBeNull();
  });

  it("lists the site's recent incidents", () => {
    page = renderPopup(
      makeView({
        tab: null,
        siteHistory: [incident(), incident({ id: 'i2', outcome: 'gave-up', code: 502, attempts: 1 })],
      }),
    );
    expect(text('.history h2')).toBe('Recent problems on shop.example.com');
    const items = [...page.root.querySelectorAll('.history li')].map((li) => li.textContent);
    expect(items[0]).toContain('503 Service Unavailable');
    expect(items[0]).toContain('3 hours ago');
    expect(items[0]).toContain('recovered · 4 checks');
    expect(items[1]).toContain('gave up · 1 check');
  });

  it('leads to the settings and history, from a healthy tab and from a failing one', async () => {
    for (const tab of [null, makeTab()]) {
      page = renderPopup(makeView({ tab }));
      await click(byText(page.root, '.popup-footer button', 'Settings and history'));
      expect(page.actions.openSettings).toHaveBeenCalledOnce();
      page.unmount();
    }
  });

  it('says when automatic retrying is turned off', () => {
    const view = makeView({ tab: null });
    page = renderPopup({ ...view, settings: { ...view.settings, enabled: false } });
    expect(text('[role="status"]')).toBe('Automatic retrying is turned off in the settings.');
  });
});

describe('a tab that is being retried', () => {
  it('shows the code in plain words, the verdict and the path', () => {
    page = renderPopup(makeView());
    expect(text('h1')).toBe('502 Bad Gateway');
    expect(text('.host')).toBe('shop.example.com');
    expect(text('.meaning')).toContain('no valid answer');
    expect(text('.verdict h2')).toBe("The problem is on the site's side");
    expect(text('.verdict p')).toContain('Cloudflare answered for the site');
    const hops = [...page.root.querySelectorAll('.hop')].map((li) => [li.className, li.textContent]);
    expect(hops).toEqual([
      ['hop hop-ok', '✓Your browserworking'],
      ['hop hop-ok', '✓Cloudflareworking'],
      ['hop hop-failing', "✕Site's serverfailing"],
    ]);
  });

  it('says "probably" where the reading is unsure: the reason, the name and which edge sent the error', () => {
    const tab = makeTab({
      layer: 'heroku',
      chain: ['cloudflare', 'heroku'],
      confidence: 'probable',
      probable: ['heroku'],
    });
    page = renderPopup(makeView({ tab }));
    expect(text('.verdict p')).toContain('Heroku probably answered for the site');
    const hops = [...page.root.querySelectorAll('.hop')].map((li) => li.textContent);
    expect(hops).toEqual([
      '✓Your browserworking',
      '✓Cloudflareworking',
      '✓probably Herokuprobably sent the errorworking',
      "✕Site's serverfailing",
    ]);
  });

  it('keeps the name in its own direction inside the Arabic "probably"', () => {
    useLocale('ar');
    try {
      page = renderPopup(makeView({ tab: makeTab({ confidence: 'probable', probable: ['cloudflare'] }) }));
      const label = page.root.querySelectorAll('.hop-label')[1]?.textContent;
      expect(label).toBe('على الأرجح \u2068Cloudflare\u2069');
      expect(text('.verdict p')).toMatch(/^على الأرجح ردّ \u2068Cloudflare\u2069 نيابةً عن الموقع/);
    } finally {
      useLocale('en');
    }
  });

  it('names a layer it saw for sure plainly, and only hedges whether it wrote the error', () => {
    const tab = makeTab({
      layer: 'fastly',
      chain: ['cloudflare', 'fastly'],
      confidence: 'probable',
      probable: [],
    });
    page = renderPopup(makeView({ tab }));
    expect(text('.verdict p')).toContain('Fastly probably answered for the site');
    const hops = [...page.root.querySelectorAll('.hop')].map((li) => li.textContent);
    expect(hops.slice(1, 3)).toEqual(['✓Cloudflareworking', '✓Fastlyprobably sent the errorworking']);
  });

  it("counts checks against the site's allowance and counts down to the next one", () => {
    const view = makeView({ origin: makeOrigin({ allowance: 5 }) });
    page = renderPopup(view);
    expect(text('[role="status"]')).toBe('Retrying by itself: the tab reloads as soon as the site answers.');
    expect(text('.progress')).toContain('Checks: 3 of 5');
    const slot = page.root.querySelector('.countdown');
    expect(slot?.textContent).toBe('0:12');
    page.update(view, NOW + 1_000);
    // The same fixed-width element ticks: nothing around it is rebuilt or moves.
    expect(page.root.querySelector('.countdown')).toBe(slot);
    expect(slot?.textContent).toBe('0:11');
    expect(slot?.classList.contains('tabular')).toBe(true);
    page.update(view, NOW + 60_000);
    expect(slot?.textContent).toBe('0:00');
  });

  it('says a check is under way instead of counting down', () => {
    page = renderPopup(makeView({ origin: makeOrigin({ checkingSince: NOW - 500 }) }));
    expect(text('.progress')).toContain('Checking the site now…');
    expect(page.root.querySelector('.countdown')).toBeNull();
  });

  it('offers Retry now as the one primary action, and Stop retrying', async () => {
    page = renderPopup(makeView());
    expect(buttons()).toEqual(['Retry now', 'Stop retrying']);
    expect(page.root.querySelectorAll('button.primary')).toHaveLength(1);
    expect(byText(page.root, 'button', 'Retry now').classList.contains('primary')).toBe(true);
    await click(byText(page.root, 'button', 'Retry now'));
    expect(page.actions.retryNow).toHaveBeenCalledOnce();
    await click(byText(page.root, 'button', 'Stop retrying'));
    expect(page.actions.stop).toHaveBeenCalledOnce();
  });

  it('keeps what you can try one click away while the site is at fault', () => {
    page = renderPopup(makeView());
    expect(page.root.querySelector<HTMLDetailsElement>('.fixes-section')?.open).toBe(false);
    expect(page.root.querySelector<HTMLDetailsElement>('.operator-section')?.open).toBe(false);
  });

  it('keeps a section the visitor opened open across live refreshes', async () => {
    const view = makeView();
    page = renderPopup(view);
    const details = page.root.querySelector<HTMLDetailsElement>('.fixes-section')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await new Promise((r) => setTimeout(r, 0));
    page.update(view, NOW + 1000);
    page.update(view, NOW + 2000);
    expect(page.root.querySelector<HTMLDetailsElement>('.fixes-section')?.open).toBe(true);
    expect(page.root.querySelectorAll('.fixes li')).toHaveLength(8);
  });

  it('announces the outcome of the last action politely', () => {
    page = renderPopup(makeView(), { notice: 'Stopped retrying.' });
    expect(page.root.querySelector('.notice')?.getAttribute('aria-live')).toBe('polite');
    expect(text('.notice')).toBe('Stopped retrying.');
  });
});

describe('other phases', () => {
  it('after giving up tells how many checks were made and offers Try again', async () => {
    const endedWith = { attempts: 20, lastCheck: { at: NOW - 5000, ok: false, status: 502 } };
    page = renderPopup(makeView({ tab: makeTab({ phase: 'gave-up', endedWith }), origin: null }));
    expect(text('[role="status"]')).toContain('Gave up');
    expect(text('.progress')).toBe('Checks: 20 of 20');
    // The last check failing too is what makes it the site's side.
    expect(text('.verdict')).toContain('fails too');
    expect(buttons()).toEqual(['Try again']);
    await click(byText(page.root, 'button', 'Try again'));
    expect(page.actions.resume).toHaveBeenCalledOnce();
    expect(page.root.querySelector<HTMLDetailsElement>('.fixes-section')?.open).toBe(true);
  });

  it('after Try again counts against what was allowed since, never "21 of 20"', () => {
    // Gave up at 20 of 20; Try again allowed 20 more on top of the site's count.
    const origin = makeOrigin({ attempts: 21, allowance: 40 });
    page = renderPopup(makeView({ origin }));
    expect(text('.progress')).toContain('Checks: 21 of 40');
    // A limit lowered in the settings since does not apply to a schedule already running.
    const lowered = makeView({ origin: makeOrigin({ attempts: 12, allowance: 20 }) });
    page.update({ ...lowered, settings: { ...lowered.settings, maxAttempts: 10 } }, NOW);
    expect(text('.progress')).toContain('Checks: 12 of 20');
    // Stopped after Try again: the tab kept the allowance with the count.
    const endedWith = { attempts: 23, allowance: 40, lastCheck: null };
    page.update(makeView({ tab: makeTab({ phase: 'stopped', endedWith }), origin: null }), NOW);
    expect(text('.progress')).toBe('Checks: 23 of 40');
  });

  it('after stop offers Resume retrying', async () => {
    page = renderPopup(makeView({ tab: makeTab({ phase: 'stopped' }), origin: null }));
    expect(text('[role="status"]')).toBe('Retrying stopped. Nothing runs until you resume.');
    await click(byText(page.root, 'button', 'Resume retrying'));
    expect(page.actions.resume).toHaveBeenCalledOnce();
  });

  it('while reloading says the site answered', () => {
    page = renderPopup(makeView({ tab: makeTab({ phase: 'reloading' }) }));
    expect(text('[role="status"]')).toBe('The site answered. Reloading the tab…');
    expect(page.root.querySelector('.progress')).toBeNull();
  });

  it.each([
    ['excluded', 'Not retried: this site is on your list of excluded sites.'],
    ['disabled', 'Not retried: automatic retrying is turned off.'],
  ] as const)('a site not retried (%s) says why and can be reloaded once', async (reason, status) => {
    page = renderPopup(makeView({ tab: makeTab({ phase: 'not-retried', reason }), origin: null }));
    expect(text('[role="status"]')).toBe(status);
    await click(byText(page.root, 'button', 'Reload once'));
    expect(page.actions.reload).toHaveBeenCalledWith(false);
  });
});

describe('a page the site answers with another error', () => {
  const answered = () =>
    makeView({
      tab: makeTab({ phase: 'answered-other', answeredWith: 500 }),
      origin: makeOrigin({ lastCheck: { at: NOW - 2000, ok: true, status: 500 } }),
    });

  it('shows the error the page has now, says the site answers and that retrying stopped', async () => {
    page = renderPopup(answered());
    expect(text('h1')).toBe('500 Internal Server Error');
    expect(text('[role="status"]')).toBe(
      'Retrying stopped: the site answers again, but with another error for this page (500). Retrying does not fix that; the site has to.',
    );
    // The site's side, not the visitor's cache, although the check was answered.
    expect(page.root.querySelector('.verdict')?.classList.contains('verdict-site')).toBe(true);
    expect(text('.verdict p')).toContain('The gateway error is over');
    expect(page.root.querySelector('.progress')).toBeNull();
    expect(buttons()).toEqual(['Reload once']);
    await click(byText(page.root, 'button', 'Reload once'));
    expect(page.actions.reload).toHaveBeenCalledWith(false);
  });

  it("names what the site answered in the site's recent incidents", () => {
    page = renderPopup(
      makeView({ tab: null, siteHistory: [incident({ outcome: 'answered-other', answeredWith: 429 })] }),
    );
    expect(text('.history li')).toContain('the site answered 429 · 4 checks');
  });
});

describe('the answer to a form', () => {
  const post = () =>
    makeView({ tab: makeTab({ method: 'POST', phase: 'not-retried', reason: 'post' }), origin: null });

  it('explains that the form is never resent by itself and resends only on request', async () => {
    page = renderPopup(post());
    expect(text('.post-notice h2')).toBe('This page is the answer to a form');
    expect(text('.post-notice')).toContain('never resends it by itself');
    expect(page.root.querySelector('.retry')).toBeNull();
    await click(byText(page.root, 'button', 'Resend the form…'));
    expect(page.actions.resendForm).toHaveBeenCalledOnce();
  });

  it('offers no plain reload among the fixes', () => {
    page = renderPopup(post());
    const fixes = [...page.root.querySelectorAll('.fixes li')].map((li) => li.getAttribute('data-fix'));
    expect(fixes).not.toContain('reload');
    expect(fixes).not.toContain('bypass-cache');
  });
});

describe('verdicts on your side', () => {
  it('stale cache: clearing it is the primary action and the list is open', async () => {
    page = renderPopup(
      makeView({ origin: makeOrigin({ lastCheck: { at: NOW - 2000, ok: true, status: 200 } }) }),
    );
    expect(text('.verdict h2')).toBe('Likely on your side: stale cache or cookies');
    const primary = page.root.querySelectorAll('button.primary');
    expect(primary).toHaveLength(1);
    expect(primary[0]?.textContent).toBe("Clear this site's cached files");
    await click(primary[0]);
    expect(page.actions.clearSiteData).toHaveBeenCalledWith(false);
    expect(page.root.querySelector<HTMLDetailsElement>('.fixes-section')?.open).toBe(true);
    expect(page.root.querySelector('.fixes li')?.getAttribute('data-fix')).toBe('clear-cache');
  });

  it('offline: your connection, with another device first', () => {
    page = renderPopup(makeView({ online: false }));
    expect(text('.verdict h2')).toBe('Your connection seems to be the problem');
    expect(text('.verdict p')).toContain('offline');
    expect(page.root.querySelector('.fixes li')?.getAttribute('data-fix')).toBe('other-device');
  });
});

describe("a proxy on the visitor's network", () => {
  const squid = makeTab({
    layer: 'squid',
    chain: ['squid'],
    clues: [
      ['squid', 'x-squid-error: ERR_READ_ERROR 0'],
      ['squid', 'body: “Generated Tue, 07 Jan 2025 by localhost (squid/5.7)”'],
    ],
  });

  it('names the proxy, draws it failing and leads with the steps that get around it', () => {
    page = renderPopup(makeView({ tab: squid }));
    expect(text('.verdict h2')).toBe("Likely your network's proxy");
    expect(text('.verdict p')).toContain('came from Squid, a proxy on your own network');
    const hops = [...page.root.querySelectorAll('.hop')].map((li) => `${li.className}:${li.textContent}`);
    expect(hops).toEqual([
      'hop hop-ok:✓Your browserworking',
      'hop hop-failing:✕Squidyour networkfailing',
      "hop hop-unknown:?Site's serverunknown",
    ]);
    const fixes = [...page.root.querySelectorAll('.fix')].map((li) => li.getAttribute('data-fix'));
    expect(fixes.slice(0, 3)).toEqual(['other-network', 'proxy-settings', 'ask-network-admin']);
    // Retrying goes on.
    expect(buttons()).toContain('Stop retrying');
  });

  it("names the visitor's network when unrelated sites failed with the same error, the proxy unnamed or not", () => {
    const generic = makeTab({ layer: 'unknown', chain: [], headers: [['via', '1.1 gw']] });
    page = renderPopup(
      makeView({ tab: generic, visitorNetwork: { hosts: ['news.example', 'blog.example.net'] } }),
    );
    expect(text('.verdict h2')).toBe("Likely your network's proxy");
    expect(text('.verdict p')).toContain(
      'In the last few minutes the very same error also came from news.example and 1 other site, and no page got through in between',
    );
    const hops = [...page.root.querySelectorAll('.hop')].map((li) => `${li.className}:${li.textContent}`);
    expect(hops).toEqual([
      'hop hop-ok:✓Your browserworking',
      'hop hop-failing:✕Proxyyour networkfailing',
      "hop hop-unknown:?Site's serverunknown",
    ]);
    page.unmount();
    page = renderPopup(makeView({ tab: generic, visitorNetwork: null }));
    expect(text('.verdict h2')).toBe("The problem is on the site's side");
  });

  it('gives whoever runs the network the address, the code and the proxy’s own words', async () => {
    page = renderPopup(makeView({ tab: squid }));
    await click(byText(page.root, '.fix-button', 'Ask who runs your network'));
    await click(byText(page.root, 'button', 'Copy the details'));
    expect(page.actions.copy).toHaveBeenCalledWith(
      [
        '502 https://shop.example.com/cart?id=3',
        'Squid:',
        '  Squid — x-squid-error: ERR_READ_ERROR 0',
        '  Squid — body: “Generated Tue, 07 Jan 2025 by localhost (squid/5.7)”',
      ].join('\n'),
    );
  });
});

describe('a provider-wide outage', () => {
  it('says the provider may be down and links its status page, which nothing requests until clicked', () => {
    // With reading the provider's status turned off (tests/unit/provider-status.test.tsx has it on).
    const fetched = vi.fn();
    vi.stubGlobal('fetch', fetched);
    page = renderPopup(
      makeView({
        settings: { ...DEFAULT_SETTINGS, providerStatus: false },
        tab: makeTab({ layer: 'cloudflare', chain: ['cloudflare'] }),
        providerOutage: {
          provider: 'cloudflare',
          hosts: ['news.example', 'blog.example.net'],
          statusPage: 'https://www.cloudflarestatus.com/',
        },
      }),
    );
    expect(text('.provider-outage h2')).toBe('Cloudflare itself may be down');
    expect(text('.provider-outage p')).toContain('news.example and 1 other site failed through Cloudflare');
    const link = page.root.querySelector<HTMLAnchorElement>('.provider-outage a');
    expect(link?.getAttribute('href')).toBe('https://www.cloudflarestatus.com/');
    expect(link?.target).toBe('_blank');
    expect(link?.rel).toBe('noreferrer');
    // No image, frame or prefetch that would reach the status page on its own.
    expect(page.root.querySelectorAll('.provider-outage img, .provider-outage iframe, link').length).toBe(0);
    expect(fetched).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('shows nothing of the kind without one', () => {
    page = renderPopup(makeView());
    expect(page.root.querySelector('.provider-outage')).toBeNull();
  });
});
