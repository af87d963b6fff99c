import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firefoxManifest, GECKO_ID, type Manifest } from '../../scripts/firefox-manifest.ts';

const source = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;
const chrome: Manifest = {
  ...source,
  background: { service_worker: 'service-worker-loader.js', type: 'module' },
};

describe('the Firefox manifest derived from the Chrome build', () => {
  const ff = firefoxManifest(chrome) as Manifest & { browser_specific_settings: any };

  it('declares Firefox for Android, from the same version as desktop', () => {
    const { gecko, gecko_android } = ff.browser_specific_settings;
    expect(gecko).toMatchObject({ id: GECKO_ID, strict_min_version: '128.0' });
    // web-ext lint reads gecko_android's own minimum (it is recognised from 113 on) for Android keys.
    expect(gecko_android).toEqual({ strict_min_version: gecko.strict_min_version });
    expect(Number.parseInt(gecko_android.strict_min_version, 10)).toBeGreaterThanOrEqual(113);
  });

  it('runs the background as event-page scripts and never asks for browsingData', () => {
    expect(ff.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(JSON.stringify(ff)).not.toContain('browsingData');
    expect(ff.commands).toEqual(chrome.commands);
  });

  it('keeps only its own scripts, without upgrading the checks of http:// sites to https://', () => {
    expect(ff.content_security_policy).toEqual({ extension_pages: "script-src 'self'" });
  });
});
