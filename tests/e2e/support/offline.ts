/**
 * Chromium offline for its pages (Playwright) and for the extension's worker, whose own network
 * emulation (CDP on its target) is what flips its navigator.onLine and fails its fetches (Chromium 156).
 */
import type { ChromiumExtension } from './chromium.ts';
import { waitFor } from './wait.ts';

export interface OfflineSwitch {
  /** Takes the pages and the worker offline or back online, once the worker sees it. */
  set(offline: boolean): Promise<void>;
  /** Back online, and the worker's session detached. */
  end(): Promise<void>;
}

export async function chromiumOffline(ext: ChromiumExtension): Promise<OfflineSwitch> {
  const cdp = await ext.context.browser()!.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(ext.extensionId))!;
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  let id = 0;
  const set = async (offline: boolean) => {
    await ext.context.setOffline(offline);
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id: ++id,
        method: 'Network.emulateNetworkConditions',
        params: { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
      }),
    });
    await waitFor(
      'worker',
      () => ext.worker.evaluate(() => navigator.onLine),
      (on) => on === !offline,
      3000,
    );
  };
  return {
    set,
    async end() {
      try {
        await set(false);
      } finally {
        await cdp.detach();
      }
    },
  };
}
