/** After `vite build` wrote dist/chrome: checks that every file the manifest names exists, then derives dist/firefox. */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROME_DIST, FIREFOX_DIST } from './dist-dir.ts';
import { firefoxManifest, type Manifest } from './firefox-manifest.ts';

const CHROME = CHROME_DIST;
const FIREFOX = FIREFOX_DIST;

function filesNamedBy(manifest: Manifest): string[] {
  const files = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && value && !value.startsWith('__MSG_')) files.add(value);
  };
  const m = manifest as Record<string, any>;
  for (const icon of Object.values(m.icons ?? {})) add(icon);
  for (const icon of Object.values(m.action?.default_icon ?? {})) add(icon);
  add(m.action?.default_popup);
  add(m.options_ui?.page);
  add(m.background?.service_worker);
  for (const script of m.background?.scripts ?? []) add(script);
  for (const war of m.web_accessible_resources ?? []) {
    for (const r of war.resources ?? []) if (!r.includes('*')) add(r);
  }
  if (m.default_locale) add(`_locales/${m.default_locale}/messages.json`);
  return [...files];
}

function checkFiles(dir: string, manifest: Manifest): void {
  const missing = filesNamedBy(manifest).filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new Error(`${dir}: manifest names missing files: ${missing.join(', ')}`);
}

const chromeManifest = JSON.parse(readFileSync(join(CHROME, 'manifest.json'), 'utf8')) as Manifest;
checkFiles(CHROME, chromeManifest);
rmSync(FIREFOX, { recursive: true, force: true });
cpSync(CHROME, FIREFOX, { recursive: true });
const ff = firefoxManifest(chromeManifest);
writeFileSync(join(FIREFOX, 'manifest.json'), `${JSON.stringify(ff, null, 2)}\n`);
checkFiles(FIREFOX, ff);
console.log(`built ${CHROME} and ${FIREFOX}`);
