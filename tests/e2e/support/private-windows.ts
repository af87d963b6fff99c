/**
 * Browsers whose visitor allowed the extension in private windows, as the browser's own switch does.
 * Chromium: `extensions.settings.<id>.incognito = true` in the profile's Preferences and Secure
 * Preferences (what chrome://extensions stores), written between a first launch and a second.
 * Firefox: the `ExtensionSettings` policy `private_browsing: true`, which Firefox reads from
 * `browser.policies.alternatePath` only when it runs in automation (`Cu.isInAutomation`: the
 * security-off pref plus MOZ_DISABLE_NONLOCAL_CONNECTIONS; our tests only talk to 127.0.0.1 anyway).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { CHROME_DIST } from '../../../scripts/dist-dir.ts';
import { GECKO_ID } from '../../../scripts/firefox-manifest.ts';
import { CHROME_ARGS, chromiumPath } from './chromium';
import { type FirefoxExtension, launchFirefox } from './firefox';

export interface PrivateChromium {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

function allowInPrivate(profile: string, extensionId: string): void {
  for (const file of ['Preferences', 'Secure Preferences']) {
    const path = join(profile, 'Default', file);
    const prefs = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
    prefs.extensions ??= {};
    prefs.extensions.settings ??= {};
    prefs.extensions.settings[extensionId] ??= {};
    prefs.extensions.settings[extensionId].incognito = true;
    writeFileSync(path, JSON.stringify(prefs));
  }
}

export async function launchChromiumAllowedInPrivate(): Promise<PrivateChromium> {
  const dir = resolve(CHROME_DIST);
  const temp = mkdtempSync(join(tmpdir(), 'gr-chromium-private-'));
  const profile = join(temp, 'profile');
  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      env: { ...process.env, HOME: temp, TMPDIR: temp },
      args: [...CHROME_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(() => 1);
    return { context, worker };
  };
  const first = await launch();
  const extensionId = new URL(first.worker.url()).host;
  await first.context.close();
  allowInPrivate(profile, extensionId);
  const { context, worker } = await launch();
  if (!(await worker.evaluate(() => chrome.extension.isAllowedIncognitoAccess()))) {
    throw new Error('Chromium did not take the extension as allowed in Incognito');
  }
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

export async function launchFirefoxAllowedInPrivate(): Promise<FirefoxExtension> {
  const temp = mkdtempSync(join(tmpdir(), 'gr-firefox-policy-'));
  const policies = join(temp, 'policies.json');
  writeFileSync(
    policies,
    JSON.stringify({ policies: { ExtensionSettings: { [GECKO_ID]: { private_browsing: true } } } }),
  );
  process.env.MOZ_DISABLE_NONLOCAL_CONNECTIONS = '1';
  const ext = await launchFirefox({
    prefs: {
      'security.turn_off_all_security_so_that_viruses_can_take_over_this_computer': true,
      'browser.policies.alternatePath': policies,
    },
  });
  return {
    ...ext,
    async close() {
      await ext.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
