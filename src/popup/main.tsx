import { render } from 'preact';
import browser from 'webextension-polyfill';
import { readTabView } from '../storage/tab-view';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { App } from './App';

/** `?tab=<id>` (tests, screenshots) or the active tab of the window the popup belongs to. */
async function whichTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

/**
 * The first view is read before anything renders, so the first frame already holds it: waiting for
 * an effect (Preact runs those after a frame) would paint an empty popup first. It is read from
 * storage, not asked of the background, whose service worker may be stopped and slow to start; the
 * background's own answers follow within the first refresh.
 */
async function start(root: HTMLElement): Promise<void> {
  const tabId = await whichTab();
  if (tabId === null) {
    render(<p>{t('popup_no_tab')}</p>, root);
    return;
  }
  const first = await readTabView(tabId).catch(() => null);
  render(<App tabId={tabId} initialView={first} />, root);
}

applyDocumentLanguage();
const root = document.getElementById('app');
if (root) void start(root);
