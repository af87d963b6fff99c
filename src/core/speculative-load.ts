/**
 * Loads a page asks the browser to make ahead of time (speculation rules' prefetch and prerender)
 * reach webRequest as main-frame requests of the tab (Chromium 156: same `tabId`, `frameId` 0,
 * `frameType` "outermost_frame", `documentLifecycle` "active"), but they are not the tab's visible
 * document: it keeps its page. What marks them is the `documentId` of the page that asked: a
 * navigation of the tab itself (typed, link, reload, form, back, `tabs.update`) has none. Requests of
 * a prerendered page carry `documentLifecycle` "prerender". Firefox ESR 153 sends no `documentId`.
 */
export interface RequestFrame {
  tabId: number;
  documentId?: string;
  documentLifecycle?: string;
}

export function isSpeculativeLoad(details: RequestFrame): boolean {
  return details.documentId !== undefined || details.documentLifecycle === 'prerender';
}
