// @vitest-environment happy-dom
/**
 * Where Firefox differs, the popup says so instead of pretending: it cannot clear one site's cache
 * there, and opens private windows only with "Run in Private Windows" allowed. The real-browser side
 * (including the Firefox behaviour that forces the first) is in tests/e2e/firefox-ui.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PopupEnv } from '../../src/popup/actions';
import {
  byText,
  click,
  makeOrigin,
  makeView,
  NOW,
  type Rendered,
  renderPopup,
} from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

const FIREFOX: PopupEnv = { os: 'linux', browser: 'firefox', incognitoAllowed: false, canOpenWindows: true };
const CHROME: PopupEnv = { ...FIREFOX, browser: 'chrome' };

let page: Rendered;
afterEach(() => page?.unmount());

async function openRow(fix: string, env: PopupEnv, view = makeView()) {
  page = renderPopup(view, { env });
  const details = page.root.querySelector<HTMLDetailsElement>('.fixes-section')!;
  if (!details.open) {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  }
  await new Promise((r) => setTimeout(r, 0));
  const row = page.root.querySelector<HTMLElement>(`.fixes li[data-fix="${fix}"]`)!;
  await click(row.querySelector<HTMLElement>('.fix-button')!);
  return row;
}

// The extension's own check got through while the tab failed: the verdict puts clearing first.
const yoursView = () =>
  makeView({ origin: makeOrigin({ lastCheck: { at: NOW - 1000, ok: true, status: 200 } }) });

describe("a site's cache in Firefox", () => {
  it("gives the steps in Firefox's settings, with the address to copy, and clears nothing itself", async () => {
    const row = await openRow('clear-cache', FIREFOX);
    expect(page.actions.clearSiteData).not.toHaveBeenCalled();
    expect(page.actions.markTried).toHaveBeenCalledWith('clear-cache');
    expect(row.textContent).toContain("Firefox does not let extensions delete one site's cached files");
    expect(row.textContent).toContain('Manage Data…, search for shop.example.com, choose Remove Selected');
    await click(row.querySelector('button[aria-label="Copy: about:preferences#privacy"]'));
    expect(page.actions.copy).toHaveBeenLastCalledWith('about:preferences#privacy');
  });

  it('offers no one-click clearing as the main step when the problem is on your side', () => {
    page = renderPopup(yoursView(), { env: FIREFOX });
    expect(page.root.querySelector('.verdict button.primary')).toBeNull();
    expect(page.root.querySelector('.fixes li')?.getAttribute('data-fix')).toBe('clear-cache');
  });

  it('in Chrome, still clears in one click, from the verdict too', async () => {
    page = renderPopup(yoursView(), { env: CHROME });
    await click(page.root.querySelector('.verdict button.primary'));
    expect(page.actions.clearSiteData).toHaveBeenCalledWith(false);
  });
});

describe('a private window when the extension may not open one', () => {
  it('in Firefox, says where to allow "Run in Private Windows", with about:addons to copy', async () => {
    const row = await openRow('private-window', FIREFOX);
    expect(row.textContent).toContain('Press Ctrl+Shift+P for a private window');
    expect(row.textContent).toContain(
      'go to about:addons, choose Gateway Rescue and set “Run in Private Windows” to Allow',
    );
    await click(byText(row, 'button', 'Copy link'));
    expect(page.actions.copy).toHaveBeenLastCalledWith('https://shop.example.com/cart?id=3');
    await click(row.querySelector('button[aria-label="Copy: about:addons"]'));
    expect(page.actions.copy).toHaveBeenLastCalledWith('about:addons');
  });

  it('in Chrome, says where to turn on "Allow in Incognito", with chrome://extensions to copy', async () => {
    const row = await openRow('private-window', CHROME);
    expect(row.textContent).toContain('Press Ctrl+Shift+N');
    expect(row.textContent).toContain('turn on “Allow in Incognito”');
    expect(row.textContent).not.toContain('about:addons');
    await click(row.querySelector('button[aria-label="Copy: chrome://extensions"]'));
    expect(page.actions.copy).toHaveBeenLastCalledWith('chrome://extensions');
  });
});
