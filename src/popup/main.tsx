import { render } from 'preact';
import browser from 'webextension-polyfill';
import { applyDocumentLanguage, t } from '../ui/i18n';
import { App } from './App';
import { send } from './background-client';

/** `?tab=<id>` (tests, screenshots) or the active tab of the window the popup belongs to. */
async function whichTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

/**
 * The first view is asked for before anything renders, so the first frame already holds it: waiting
 * for an effect (Preact runs those after a frame) would paint an empty popup first.
 */
async function start(root: HTMLElement): Promise<void> {
  const tabId = await whichTab();
  if (tabId === null) {
    render(<p>{t('popup_no_tab')}</p>, root);
    return;
  }
  const first = await send({ type: 'get-tab', tabId }).catch(() => null);
  render(<App tabId={tabId} initialView={first} />, root);
}

applyDocumentLanguage();
const root = document.getElementById('app');
if (root) void start(root);
