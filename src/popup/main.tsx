import { render } from 'preact';
import browser from 'webextension-polyfill';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { App } from './App';

/** `?tab=<id>` (tests, screenshots) or the active tab of the window the popup belongs to. */
async function whichTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

applyDocumentLanguage();
const root = document.getElementById('app');
if (root) {
  whichTab().then((tabId) =>
    render(tabId === null ? <p>{t('popup_no_tab')}</p> : <App tabId={tabId} />, root),
  );
}
