/**
 * Firefox refuses `background.service_worker` alone and crxjs drops `scripts`, so the Firefox manifest
 * is derived from the Chrome one after the build: `background.scripts` plus the gecko settings AMO requires.
 */
export type Manifest = Record<string, unknown> & {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
};

export const GECKO_ID = 'gateway-rescue@gateway-rescue.dev';

export function firefoxManifest(chrome: Manifest): Manifest {
  const worker = chrome.background?.service_worker;
  if (!worker) throw new Error('Chrome manifest has no background.service_worker');
  const { key: _key, minimum_chrome_version: _min, optional_permissions, ...rest } = chrome;
  // Firefox's browsingData cannot clear one site's cache (partitioned entries stay), so the popup
  // guides the visitor through Firefox's own settings instead and never asks for it.
  const optional = ((optional_permissions as string[] | undefined) ?? []).filter((p) => p !== 'browsingData');
  return {
    ...rest,
    ...(optional.length ? { optional_permissions: optional } : {}),
    background: { scripts: [worker], type: 'module' },
    // Firefox's default for Manifest V3 pages adds `upgrade-insecure-requests` (the pref
    // extensions.webextensions.default-content-security-policy.v3, Firefox ESR 153): every check of an
    // http:// site would go to https:// instead, and a site that only speaks http would never answer.
    // The same scripts rule without the upgrade.
    content_security_policy: { extension_pages: "script-src 'self'" },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '128.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '128.0' },
    },
  };
}
