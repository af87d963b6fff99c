/** Opens the popup for a given web page the way tests and screenshots do: `src/popup/index.html?tab=<id>`. */
import type { Page } from 'playwright-core';
import type { ChromiumExtension } from './chromium';

/** The id of the tab showing `url`, read by the extension itself. */
export async function tabIdOf(ext: ChromiumExtension, url: string): Promise<number> {
  const id = await ext.worker.evaluate(
    (u) => chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === u)?.id ?? -1),
    url,
  );
  if (id < 0) throw new Error(`no tab shows ${url}`);
  return id;
}

/** The popup in a normal tab, 360 px wide like the toolbar popup, showing the tab of `pageUrl`. */
export async function openPopupFor(
  ext: ChromiumExtension,
  pageUrl: string,
): Promise<{ popup: Page; tabId: number }> {
  const tabId = await tabIdOf(ext, pageUrl);
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tab=${tabId}`);
  await popup.locator('#app > *').first().waitFor();
  return { popup, tabId };
}
