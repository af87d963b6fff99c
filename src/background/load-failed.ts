/**
 * A main-frame load in a tab ended without any answer (webRequest `onErrorOccurred`): the server
 * refused or dropped the connection, did not answer in time, its name did not resolve, or the device
 * is offline. It enters the machine as a load with status 0 and its kind; certificate errors, blocked
 * and cancelled loads never get here (retrying cannot fix them).
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import { type NetFailure, nameWasKnown } from '../core/net-errors';
import * as machine from '../core/recovery';
import { answeredPage } from './answered-pages';
import { dispatch, whileArriving } from './engine';
import { tabFacts } from './private-tabs';

type Details = WebRequest.OnErrorOccurredDetailsType & { initiator?: string; originUrl?: string };

export function loadFailed(details: Details, failure: NetFailure, requestMs: number | null): Promise<void> {
  return whileArriving(details.tabId, async () => {
    // Asked at once, side by side: the tab shows the error page soon after this event.
    const [facts, knownName] = await Promise.all([
      tabFacts(details),
      failure === 'dns' ? knewTheName(details) : undefined,
    ]);
    if (facts.gone) return;
    await dispatch((state, ctx) =>
      machine.loadCompleted(
        state,
        {
          tabId: details.tabId,
          url: details.url,
          method: details.method,
          statusCode: 0,
          failure,
          ...(knownName !== undefined && { knownName }),
          requestMs,
          ...facts,
        },
        ctx,
      ),
    );
  });
}

/**
 * Whether the tab had shown this site before its name stopped resolving: only what the tab itself
 * knows (the page that started the load, the page it last showed, the address it shows now), nothing
 * kept about names beyond the tab's own page.
 */
async function knewTheName(details: Details): Promise<boolean> {
  const [shownUrl, tab] = await Promise.all([
    answeredPage(details.tabId),
    browser.tabs.get(details.tabId).catch(() => null),
  ]);
  return nameWasKnown(details.url, {
    initiator: details.initiator ?? details.originUrl,
    shownUrl,
    tabUrl: tab?.url,
    tabLoading: tab?.status === 'loading',
  });
}
