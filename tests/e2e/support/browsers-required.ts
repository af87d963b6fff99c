/**
 * End-to-end tests may skip when a browser is missing only outside CI: with `CI` set, a missing
 * browser fails the run instead of quietly passing it.
 */
import { findChromium, findFirefox, INSTALL_HINT } from '../../../scripts/browser-path.ts';

function requireBrowser(name: string, path: string | null): boolean {
  if (path) return true;
  if (process.env.CI) throw new Error(`CI is set but no ${name} was found. ${INSTALL_HINT}`);
  console.warn(`Skipping ${name} end-to-end tests: no ${name} found. ${INSTALL_HINT}`);
  return false;
}

export const hasChromium = requireBrowser('Chromium', findChromium());
export const hasFirefox = requireBrowser('Firefox', findFirefox());
