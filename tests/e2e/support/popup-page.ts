/** Opens the popup for a given web page the way tests and screenshots do: `src/popup/index.html?tab=<id>`. */
import type { Page } from 'playwright-core';
import type { ChromiumExtension } from './chromium';
import { waitFor } from './wait';

/**
 * The id of the tab showing `url`, read by the extension itself. Waits up to 5 s: a load that got no
 * answer is reported by webRequest before Chromium commits its error page, so the tab can still show
 * the previous address for a moment (seen with a refused POST, Chromium 156).
 */
export function tabIdOf(ext: ChromiumExtension, url: string): Promise<number> {
  return waitFor(
    `a tab that shows ${url}`,
    () =>
      ext.worker.evaluate(
        (u) => chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === u)?.id ?? -1),
        url,
      ),
    (id) => id >= 0,
    5000,
  );
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
