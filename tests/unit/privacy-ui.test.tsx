// @vitest-environment happy-dom
/** What the pages say about privacy and storage: private windows are not recorded; a held tab is explained. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getMessage } from './support/fake-i18n-browser';
import { memoryPort, renderOptions, text } from './support/options-fixtures';
import { makeView, type Rendered, renderPopup } from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

let options: Awaited<ReturnType<typeof renderOptions>> | undefined;
let popup: Rendered | undefined;
afterEach(() => {
  options?.unmount();
  popup?.unmount();
  options = popup = undefined;
});

describe('privacy in the pages', () => {
  it('the history says that private windows are not recorded', async () => {
    options = await renderOptions(memoryPort(), Date.UTC(2025, 5, 1));
    expect(getMessage('options_historyPrivateNote')).toMatch(/private windows/i);
    expect(text('#history-private-note')).toBe(getMessage('options_historyPrivateNote'));
  });

  it('the popup of a tab the engine stopped acting on says why, instead of calling it healthy', () => {
    popup = renderPopup(makeView({ tab: null, held: true }));
    expect(popup.root.querySelector('[data-testid="storage-held"]')?.textContent).toBe(
      getMessage('popup_storageHeld'),
    );
    popup.unmount();
    popup = renderPopup(makeView({ tab: null }));
    expect(popup.root.querySelector('[data-testid="storage-held"]')).toBeNull();
  });
});
