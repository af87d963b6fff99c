import browser from 'webextension-polyfill';
import type { Request, ResponseFor } from '../core/messages';

/** Sends one request to the background and types its answer after the request. */
export function send<R extends Request>(request: R): Promise<ResponseFor<R>> {
  return browser.runtime.sendMessage(request) as Promise<ResponseFor<R>>;
}
