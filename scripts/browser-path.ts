import { existsSync } from 'node:fs';

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

function find(envName: string, candidates: string[]): string | null {
  const fromEnv = process.env[envName];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** `CHROME_PATH`, else the usual Debian and Google paths; null when none exists. */
export const findChromium = () => find('CHROME_PATH', CHROMIUM_CANDIDATES);
/** `FIREFOX_PATH`, else Debian's firefox-esr or firefox; null when none exists. */
export const findFirefox = () => find('FIREFOX_PATH', FIREFOX_CANDIDATES);

export const INSTALL_HINT =
  'Install one with `sudo apt-get install -y chromium firefox-esr` (Debian/Ubuntu), or set CHROME_PATH / FIREFOX_PATH to a browser binary.';
