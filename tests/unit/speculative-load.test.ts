/** Main-frame request details as Chromium 156 sent them for one tab (tests/e2e/detection.test.ts sees them live). */
import { describe, expect, it } from 'vitest';
import { isSpeculativeLoad } from '../../src/core/speculative-load';

const tab = {
  tabId: 7,
  frameId: 0,
  frameType: 'outermost_frame',
  documentLifecycle: 'active',
  type: 'main_frame',
};

describe('loads the page asked for ahead of time', () => {
  it("are the speculation rules' prefetch and prerender, which carry the asking page's document id", () => {
    expect(isSpeculativeLoad({ ...tab, documentId: 'F0D7A1' })).toBe(true);
    // A request of a prerendered page itself.
    expect(isSpeculativeLoad({ ...tab, documentLifecycle: 'prerender' })).toBe(true);
  });

  it("are never the tab's own navigations: typed, link, reload, form, back, tabs.update; nor Firefox's", () => {
    expect(isSpeculativeLoad(tab)).toBe(false);
    const link = { ...tab, initiator: 'http://127.0.0.1:8080' };
    expect(isSpeculativeLoad(link)).toBe(false);
    const firefox = { tabId: 7, frameId: 0, type: 'main_frame', incognito: false };
    expect(isSpeculativeLoad(firefox)).toBe(false);
  });
});
