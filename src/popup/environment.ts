import browser from 'webextension-polyfill';
import { platformOs } from '../core/dns-advice';
import type { PopupEnv } from './actions';

export async function detectEnvironment(): Promise<PopupEnv> {
  const [platform, incognitoAllowed] = await Promise.all([
    browser.runtime.getPlatformInfo().catch(() => undefined),
    browser.extension.isAllowedIncognitoAccess().catch(() => false),
  ]);
  return {
    os: platformOs(platform?.os),
    // Only Firefox has getBrowserInfo; feature detection survives user-agent changes.
    browser: typeof browser.runtime.getBrowserInfo === 'function' ? 'firefox' : 'chrome',
    incognitoAllowed,
    canOpenWindows: typeof browser.windows?.create === 'function',
  };
}
