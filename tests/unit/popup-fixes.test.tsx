// @vitest-environment happy-dom
import { encode } from 'uqr';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { boundUrl } from '../../src/core/bounds';
import type { PopupEnv } from '../../src/popup/actions';
import { qrPath } from '../../src/popup/QrCode';
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
// Links open in a new tab only on a real click; here the click is recorded, never followed.
beforeAll(() => document.addEventListener('click', (e) => e.preventDefault()));

function openFixes(view = makeView(), env?: PopupEnv, address?: string) {
  page = renderPopup(view, { ...(env && { env }), address });
  const details = page.root.querySelector<HTMLDetailsElement>('.fixes-section')!;
  if (!details.open) {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  }
  return new Promise((r) => setTimeout(r, 0));
}
const row = (fix: string) => page.root.querySelector<HTMLElement>(`.fixes li[data-fix="${fix}"]`)!;
const rowButton = (fix: string) => row(fix).querySelector<HTMLElement>('.fix-button')!;
/** The DNS advice loads on first opening; this waits for it. */
const dnsPanel = () =>
  vi.waitFor(() => {
    const found = row('dns').querySelector<HTMLElement>('.dns');
    if (!found) throw new Error('no DNS advice yet');
    return found;
  });

describe('the checklist', () => {
  it("lists the fixes in the verdict's order, numbered", async () => {
    await openFixes();
    const fixes = [...page.root.querySelectorAll('.fixes li')].map((li) => li.getAttribute('data-fix'));
    expect(fixes).toEqual([
      'down-for-everyone',
      'archive',
      'reload',
      'bypass-cache',
      'other-device',
      'private-window',
      'clear-cache',
      'dns',
    ]);
    expect(row('down-for-everyone').querySelector('.fix-mark')?.textContent).toBe('1');
  });

  it('marks what was tried for this incident, for eyes and screen readers', async () => {
    await openFixes(makeView({ tab: makeTab({ triedFixes: ['reload', 'dns'] }) }));
    expect(row('reload').classList.contains('tried')).toBe(true);
    expect(row('reload').querySelector('.fix-mark')?.textContent).toBe('✓Tried');
    expect(row('dns').classList.contains('tried')).toBe(true);
    expect(row('archive').classList.contains('tried')).toBe(false);
  });

  it('reloads, and reloads bypassing the cache', async () => {
    await openFixes();
    await click(rowButton('reload'));
    expect(page.actions.reload).toHaveBeenLastCalledWith(false);
    await click(rowButton('bypass-cache'));
    expect(page.actions.reload).toHaveBeenLastCalledWith(true);
  });
});

describe("clearing the site's data", () => {
  it('clears the cache in one click; cookies only behind a warning that signs you out', async () => {
    await openFixes();
    await click(rowButton('clear-cache'));
    expect(page.actions.clearSiteData).toHaveBeenCalledWith(false);
    const warning = page.root.querySelector<HTMLElement>('#cookies-warning')!;
    expect(warning.hidden).toBe(true);
    await click(byText(row('clear-cache'), 'button', 'Cookies too…'));
    expect(warning.hidden).toBe(false);
    expect(warning.textContent).toContain('signs you out of shop.example.com');
    await click(byText(warning, 'button', 'Delete cache and cookies'));
    expect(page.actions.clearSiteData).toHaveBeenLastCalledWith(true);
  });
});

describe('when the site answers without your cookies but not with them', () => {
  it("says so, and leads with deleting this site's cookies, saying what that costs", async () => {
    const view = makeView({
      origin: makeOrigin({
        checkBy: 'tab',
        lastCheck: { at: NOW - 1000, ok: false, status: 502, by: 'tab' },
      }),
    });
    page = renderPopup(view);
    const verdict = page.root.querySelector('.verdict')!;
    expect(verdict.textContent).toContain('answers a check made without your cookies');
    expect(verdict.textContent).toContain('signs you out of shop.example.com');
    await click(byText(verdict as HTMLElement, 'button', 'Delete cache and cookies'));
    expect(page.actions.clearSiteData).toHaveBeenLastCalledWith(true);
  });
});

describe('a private window', () => {
  it('opens one when the browser lets the extension', async () => {
    await openFixes(makeView(), {
      os: 'win',
      browser: 'chrome',
      incognitoAllowed: true,
      canOpenWindows: true,
    });
    expect(rowButton('private-window').textContent).toBe('Open in an Incognito window');
    await click(rowButton('private-window'));
    expect(page.actions.openPrivateWindow).toHaveBeenCalledOnce();
  });

  it.each([
    [{ os: 'linux', browser: 'chrome' }, 'Press Ctrl+Shift+N for an Incognito window'],
    [{ os: 'mac', browser: 'firefox' }, 'Press ⌘+Shift+P for a private window'],
    [{ os: 'android', browser: 'chrome' }, "Open Chrome's menu, choose New Incognito tab"],
  ] as const)('otherwise says how on %j, with a copy-link button', async (env, hint) => {
    await openFixes(makeView(), { ...env, incognitoAllowed: false, canOpenWindows: true });
    await click(rowButton('private-window'));
    expect(page.actions.markTried).toHaveBeenCalledWith('private-window');
    expect(row('private-window').textContent).toContain(hint);
    await click(byText(row('private-window'), 'button', 'Copy link'));
    expect(page.actions.copy).toHaveBeenCalledWith('https://shop.example.com/cart?id=3');
  });
});

describe('a private tab', () => {
  const privateView = (over = {}) => makeView({ tab: makeTab({ private: true, ...over }) });

  it.each([
    ['chrome', 'close every Incognito window'],
    ['firefox', 'close every private window'],
  ] as const)(
    "never offers to clear the normal profile's data in %s: it says the browser's own way",
    async (browser, way) => {
      await openFixes(privateView(), { os: 'linux', browser, incognitoAllowed: true, canOpenWindows: true });
      const fixes = [...page.root.querySelectorAll('.fixes li')].map((li) => li.getAttribute('data-fix'));
      expect(fixes).not.toContain('private-window');
      expect(row('clear-cache').textContent).not.toContain('Manage Data');
      await click(rowButton('clear-cache'));
      expect(row('clear-cache').textContent).toContain(way);
      expect(page.actions.markTried).toHaveBeenCalledWith('clear-cache');
      await click(byText(row('clear-cache'), 'button', 'Copy link'));
      expect(page.actions.copy).toHaveBeenCalledWith('https://shop.example.com/cart?id=3');
      expect(page.actions.clearSiteData).not.toHaveBeenCalled();
      // Reloads act on the private tab itself.
      await click(rowButton('bypass-cache'));
      expect(page.actions.reload).toHaveBeenLastCalledWith(true);
    },
  );

  it('leads with no clearing when the site answers without its cookies', async () => {
    const view = makeView({
      tab: makeTab({ private: true }),
      origin: makeOrigin({
        checkBy: 'tab',
        lastCheck: { at: NOW - 1000, ok: false, status: 502, by: 'tab' },
      }),
    });
    page = renderPopup(view);
    const verdict = page.root.querySelector('.verdict')!;
    expect(verdict.querySelector('button')).toBeNull();
    expect(verdict.textContent).not.toContain('signs you out');
    expect(verdict.textContent).toContain('starting again in a new one is the likely fix');
  });
});

describe('another device', () => {
  it('shows a QR code of the address, built as SVG elements', async () => {
    await openFixes();
    await click(rowButton('other-device'));
    expect(page.actions.markTried).toHaveBeenCalledWith('other-device');
    const svg = await vi.waitFor(() => {
      const found = row('other-device').querySelector('svg');
      if (!found) throw new Error('no QR yet');
      return found;
    });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe("QR code of this page's address");
    const modules = encode('https://shop.example.com/cart?id=3', { border: 0 }).data;
    expect(svg.querySelector('path')?.getAttribute('d')).toBe(qrPath(modules));
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${modules.length + 4} ${modules.length + 4}`);
  });

  it('draws one square per dark module, inside a quiet zone', () => {
    expect(
      qrPath([
        [true, false],
        [false, true],
      ]),
    ).toBe('M2 2h1v1h-1zM3 3h1v1h-1z');
  });
});

describe('an address over 2 KB', () => {
  const long = `https://shop.example.com/search?q=${'x'.repeat(3000)}#/results/2`;
  const cut = boundUrl(long);
  const env: PopupEnv = { os: 'linux', browser: 'chrome', incognitoAllowed: false, canOpenWindows: true };

  it("gives the tab's own address to copy, to the QR code and to the archive, never the cut one", async () => {
    await openFixes(makeView({ tab: makeTab({ url: cut }) }), env, long);
    expect(row('archive').querySelector('a')?.getAttribute('href')).toBe(
      `https://web.archive.org/web/*/${long}`,
    );
    await click(rowButton('private-window'));
    await click(byText(row('private-window'), 'button', 'Copy link'));
    expect(page.actions.copy).toHaveBeenLastCalledWith(long);
    await click(rowButton('other-device'));
    await click(byText(row('other-device'), 'button', 'Copy link'));
    expect(page.actions.copy).toHaveBeenLastCalledWith(long);
    // No QR code holds 3 KB: none is drawn, and nothing breaks.
    await new Promise((r) => setTimeout(r, 50));
    expect(row('other-device').querySelector('svg')).toBeNull();
  });

  it('draws the QR code of an address just over 2 KB from the whole address', async () => {
    const over = `https://shop.example.com/a?q=${'x'.repeat(2100)}#/top`;
    await openFixes(makeView({ tab: makeTab({ url: boundUrl(over) }) }), env, over);
    await click(rowButton('other-device'));
    const svg = await vi.waitFor(() => {
      const found = row('other-device').querySelector('svg');
      if (!found) throw new Error('no QR yet');
      return found;
    });
    expect(svg.querySelector('path')?.getAttribute('d')).toBe(qrPath(encode(over, { border: 0 }).data));
  });

  it('offers nothing that hands out an address when only the cut one is known', async () => {
    await openFixes(makeView({ tab: makeTab({ url: cut }) }), env);
    const fixes = [...page.root.querySelectorAll('.fixes li')].map((li) => li.getAttribute('data-fix'));
    expect(fixes).not.toContain('archive');
    expect(fixes).not.toContain('private-window');
    await click(rowButton('other-device'));
    expect(row('other-device').querySelector('svg')).toBeNull();
    expect(page.root.textContent).not.toContain('cut-');
  });
});

describe('DNS', () => {
  it("gives this OS's steps, resolvers and flush command with copy buttons", async () => {
    await openFixes();
    const button = rowButton('dns');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    await click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(page.actions.markTried).toHaveBeenCalledWith('dns');
    const panel = await dnsPanel();
    expect(panel.textContent).toContain('Steps for Linux (GNOME):');
    expect(panel.querySelectorAll('.steps li')).toHaveLength(4);
    expect(panel.textContent).toContain('1.1.1.1, 1.0.0.1');
    expect(panel.textContent).toContain('8.8.8.8, 8.8.4.4');
    await click(panel.querySelector('[aria-label="Copy: sudo resolvectl flush-caches"]'));
    expect(page.actions.copy).toHaveBeenCalledWith('sudo resolvectl flush-caches');
    expect(panel.textContent).toContain('chrome://settings/security');
  });

  it('on Windows in Firefox: ipconfig and DNS over HTTPS', async () => {
    await openFixes(makeView(), {
      os: 'win',
      browser: 'firefox',
      incognitoAllowed: false,
      canOpenWindows: true,
    });
    await click(rowButton('dns'));
    const panel = await dnsPanel();
    expect(panel.textContent).toContain('ipconfig /flushdns');
    expect(panel.textContent).toContain('Command Prompt');
    expect(panel.textContent).toContain('DNS over HTTPS');
  });
});

describe('outside help, opened only on click', () => {
  it('links to independent checkers in a new tab without a referrer', async () => {
    await openFixes();
    expect(row('down-for-everyone').querySelectorAll('a')).toHaveLength(0);
    await click(rowButton('down-for-everyone'));
    const links = [...row('down-for-everyone').querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://downforeveryoneorjustme.com/shop.example.com',
      'https://www.isitdownrightnow.com/shop.example.com.html',
      'https://check-host.net/check-http?host=https%3A%2F%2Fshop.example.com',
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noreferrer');
    }
  });

  it('links to the Wayback Machine and remembers it was tried', async () => {
    await openFixes();
    const link = rowButton('archive') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(
      'https://web.archive.org/web/*/https://shop.example.com/cart?id=3',
    );
    expect(link.getAttribute('rel')).toBe('noreferrer');
    await click(link);
    expect(page.actions.markTried).toHaveBeenCalledWith('archive');
  });
});

describe('the order follows the verdict', () => {
  it('a good fresh check puts clearing the cache first', async () => {
    await openFixes(makeView({ origin: makeOrigin({ lastCheck: { at: NOW, ok: true, status: 200 } }) }));
    expect(page.root.querySelector('.fixes li')?.getAttribute('data-fix')).toBe('clear-cache');
  });
});
