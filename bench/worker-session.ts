/**
 * A CDP session on an extension's service worker. Playwright opens CDP sessions on pages only, so
 * this attaches through the browser session (non-flat mode) and exchanges messages with the worker
 * target. Service workers have no `Performance` domain; `Profiler` and `Runtime.getHeapUsage` work.
 */
import type { CDPSession } from 'playwright-core';

export interface WorkerSession {
  send<T = any>(method: string, params?: Record<string, unknown>): Promise<T>;
  detach(): Promise<void>;
}

export async function attachWorker(browser: CDPSession, extensionId: string): Promise<WorkerSession> {
  const { targetInfos } = (await browser.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!target) throw new Error(`no service worker for ${extensionId}`);
  const { sessionId } = (await browser.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };

  let lastId = 0;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  browser.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter || message.id === undefined) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });

  return {
    send(method, params = {}) {
      const id = ++lastId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        browser
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch((error: Error) => {
            pending.delete(id);
            reject(error);
          });
      });
    },
    async detach() {
      await browser.send('Target.detachFromTarget', { sessionId });
    },
  };
}
