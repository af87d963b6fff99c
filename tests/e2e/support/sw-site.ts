/**
 * A site on 127.0.0.1 with a service worker that passes every page load through to the network
 * (`e.respondWith(fetch(e.request))`, what Workbox's NetworkFirst does with any HTTP answer): the
 * visitor sees the server's 502 as it came, and webRequest reports only the worker's fetch.
 */
import { startTestServer, type TestServer } from './test-server';

const WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  if (e.request.mode === 'navigate') e.respondWith(fetch(e.request));
});`;

/** `/sw.js` is served whatever the outage, as a worker script; a page registers it with `controlledByWorker`. */
export async function startServiceWorkerSite(): Promise<TestServer> {
  return startTestServer(undefined, {
    '/sw.js': { type: 'text/javascript', body: WORKER },
  });
}

/** In the page: resolves once the worker controls it, so the next navigation goes through it. */
export const controlledByWorker = `navigator.serviceWorker.register('/sw.js').then(() =>
  navigator.serviceWorker.controller ? true : new Promise((r) =>
    navigator.serviceWorker.addEventListener('controllerchange', () => r(true), { once: true })))`;
