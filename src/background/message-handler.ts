/** Answers the popup and options page (protocol in core/messages.ts and docs/DESIGN.md). */
import type { Request, ResponseMap } from '../core/messages';
import * as machine from '../core/recovery';
import { readTabView as viewOf } from '../storage/tab-view';
import { dispatch, runDueChecks } from './engine';
import { clearHistory, readHistory } from './history-store';
import { readState } from './state-store';

export async function handleRequest(request: Request): Promise<ResponseMap[Request['type']]> {
  switch (request.type) {
    case 'get-tab':
      return viewOf(request.tabId, await readState());
    // Both check at once; after giving up or stop, retrying now is resuming.
    case 'retry-now':
    case 'resume': {
      await dispatch((state, ctx) => machine.retryNow(state, request.tabId, ctx));
      return viewOf(request.tabId, await runDueChecks());
    }
    case 'stop':
      return viewOf(
        request.tabId,
        await dispatch((state, ctx) => machine.stopTab(state, request.tabId, ctx.now)),
      );
    case 'mark-fix':
      return viewOf(
        request.tabId,
        await dispatch((state) => machine.markFix(state, request.tabId, request.fix)),
      );
    case 'get-history':
      return readHistory();
    case 'clear-history':
      await clearHistory();
      return [];
  }
}
