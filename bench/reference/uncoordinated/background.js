// A per-tab exponential retrier, as many reloaders do it: each failing tab keeps its own schedule
// (5 s doubling to 60 s, plus up to 2.5 s of random jitter) and reloads itself; tabs on the same
// site never share what they learned, and nothing checks the site before reloading.
const GATEWAY_ERRORS = new Set([502, 503, 504, 520, 521, 522, 523, 524]);
const BASE_MS = 5000;
const CAP_MS = 60_000;
const JITTER_MS = 2500;
const tabs = new Map(); // tabId -> { attempts, timer }

function cancel(tabId) {
  clearTimeout(tabs.get(tabId)?.timer);
  tabs.delete(tabId);
}

chrome.webRequest.onCompleted.addListener(
  ({ tabId, statusCode, url }) => {
    if (tabId < 0 || !url.startsWith('http')) return;
    if (!GATEWAY_ERRORS.has(statusCode)) {
      cancel(tabId);
      return;
    }
    const attempts = tabs.get(tabId)?.attempts ?? 0;
    clearTimeout(tabs.get(tabId)?.timer);
    const delay = Math.min(CAP_MS, BASE_MS * 2 ** attempts) + Math.random() * JITTER_MS;
    const timer = setTimeout(() => chrome.tabs.reload(tabId).catch(() => {}), delay);
    tabs.set(tabId, { attempts: attempts + 1, timer });
  },
  { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
);

chrome.tabs.onRemoved.addListener(cancel);
