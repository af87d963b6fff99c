// The simplest auto-reloader: while a tab's page is a gateway error, reload it every 5 s.
const GATEWAY_ERRORS = new Set([502, 503, 504, 520, 521, 522, 523, 524]);
const INTERVAL_MS = 5000;
const timers = new Map();

function cancel(tabId) {
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
}

chrome.webRequest.onCompleted.addListener(
  ({ tabId, statusCode, url }) => {
    if (tabId < 0 || !url.startsWith('http')) return;
    cancel(tabId);
    if (!GATEWAY_ERRORS.has(statusCode)) return;
    timers.set(
      tabId,
      setTimeout(() => {
        timers.delete(tabId);
        chrome.tabs.reload(tabId).catch(() => {});
      }, INTERVAL_MS),
    );
  },
  { urls: ['http://*/*', 'https://*/*'], types: ['main_frame'] },
);

chrome.tabs.onRemoved.addListener(cancel);
