/**
 * Settings a newer version wrote, met by this one in real Chromium: a change on the options page
 * writes only that change, so the newer keys, values and version survive instead of being synced
 * back cut down to what this version knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_VERSION } from '../../src/core/settings';
import { hasChromium } from './support/browsers-required';
import { type ChromiumExtension, launchChromium } from './support/chromium';
import { waitFor } from './support/wait';

describe.runIf(hasChromium)('settings from a newer version', () => {
  let ext: ChromiumExtension;
  beforeAll(async () => {
    ext = await launchChromium();
  });
  afterAll(() => ext?.close());

  it('keeps what this version does not know when the visitor changes one setting', async () => {
    const newer = {
      version: SETTINGS_VERSION + 1,
      enabled: true,
      codes: [502, 503, 504],
      maxAttempts: 12,
      maxDelaySeconds: 60,
      notifyOnRecovery: true,
      excludedSites: ['intranet.example'],
      operatedSites: [],
      quietHours: { from: '22:00', to: '07:00' },
    };
    await ext.setSettings(newer);
    const options = await ext.openPage('src/options/index.html');
    await options.locator('#settings').waitFor();
    expect(await options.isChecked('#code-503')).toBe(true);
    await options.click('#code-503');
    const stored = await waitFor(
      'the change stored',
      () => ext.worker.evaluate(() => chrome.storage.sync.get('settings').then((s) => s.settings)),
      (s) => !(s as { codes: number[] }).codes.includes(503),
    );
    expect(stored).toEqual({ ...newer, codes: [502, 504] });
  });
});
