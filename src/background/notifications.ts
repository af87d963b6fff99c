/** "example.com is back" for a tab that recovered while the visitor was looking elsewhere. */
import browser from 'webextension-polyfill';
import { t } from '../ui/i18n';

const PREFIX = 'recovered:';

/** Whether the browser can show our notification: Firefox for Android may lack the API. */
function canNotify(): boolean {
  return typeof browser.notifications?.create === 'function';
}

async function isInFront(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.get(tabId);
  if (!tab.active) return false;
  // Without windows (Firefox for Android) the active tab is the one on screen.
  if (!browser.windows) return true;
  const window = await browser.windows.get(tab.windowId!);
  return window.focused;
}

/** A private tab's notification names no site: the system keeps notifications after its window closes. */
export async function notifyRecovered(tabId: number, host: string | null): Promise<void> {
  if (!canNotify()) return;
  try {
    if (await isInFront(tabId)) return;
    await browser.notifications.create(`${PREFIX}${tabId}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title: host === null ? t('bg_recoveredPrivateTitle') : t('bg_recoveredTitle', host),
      message: t('bg_recoveredMessage'),
    });
  } catch {
    // The tab closed meanwhile, or notifications are blocked by the system: nothing to show.
  }
}

/** Clicking the notification brings its tab to front. */
export async function onNotificationClicked(id: string): Promise<void> {
  if (!id.startsWith(PREFIX)) return;
  const tabId = Number(id.slice(PREFIX.length));
  try {
    const tab = await browser.tabs.update(tabId, { active: true });
    if (tab.windowId !== undefined && browser.windows)
      await browser.windows.update(tab.windowId, { focused: true });
  } catch {
    // The tab is gone.
  }
  await browser.notifications.clear(id);
}
