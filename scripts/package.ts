/**
 * `npm run package` (after `npm run build`): checks both builds for the stores, then writes
 * artifacts/gateway-rescue-<version>-{chrome,firefox,source}.zip, byte-identical for identical inputs.
 * The source zip is what addons.mozilla.org asks for: every file needed to rebuild the Firefox zip.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkChromeBuild } from './check-chrome-manifest.ts';
import { CHROME_DIST, DIST, FIREFOX_DIST } from './dist-dir.ts';
import { lintFirefox } from './lint-firefox.ts';
import { folderEntries, isExecutable, reproducibleZip, type ZipEntry } from './reproducible-zip.ts';

export const ARTIFACTS = 'artifacts';
/** Generated or installed, never source; GR_DIST may point anywhere inside the project. */
const NOT_SOURCE = ['node_modules', 'dist', ARTIFACTS, '.tmp', '.git', relative('.', DIST)];

function readJson(path: string): Record<string, any> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The version from package.json, after checking that every manifest carries the same one. */
export function checkedVersion(root: string, manifests: string[]): string {
  const version = readJson(join(root, 'package.json')).version;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  const wrong = manifests
    .map((path) => ({ path, version: readJson(path).version }))
    .filter((m) => m.version !== version)
    .map((m) => `${m.path} says ${m.version}`);
  if (wrong.length) {
    throw new Error(
      `package.json says version ${version}, but ${wrong.join(', ')}: make them equal (and rebuild).`,
    );
  }
  return version;
}

export function isSourcePath(path: string): boolean {
  return !NOT_SOURCE.some((dir) => dir && (path === dir || path.startsWith(`${dir}/`)));
}

/**
 * The source files: what git tracks, read from the working tree (the builds are made from it too).
 * An unpacked source zip has no .git; there the folder itself is the source, so a reviewer's
 * rebuild produces the same source zip as well.
 */
export function sourceEntries(root: string): ZipEntry[] {
  if (!existsSync(join(root, '.git'))) {
    return folderEntries(root).filter((e) => isSourcePath(e.path));
  }
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path && isSourcePath(path) && existsSync(join(root, path)));
  return tracked.map((path) => ({
    path,
    data: readFileSync(join(root, path)),
    executable: isExecutable(join(root, path)),
  }));
}

/** Files git neither tracks nor ignores: a rebuild from the source zip would lack them. */
function untrackedFiles(root: string): string[] {
  if (!existsSync(join(root, '.git'))) return [];
  return execFileSync('git', ['ls-files', '-z', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((path) => path && isSourcePath(path));
}

function writeZip(name: string, entries: ZipEntry[]): void {
  const zip = reproducibleZip(entries);
  const path = join(ARTIFACTS, name);
  writeFileSync(path, zip);
  const sha256 = createHash('sha256').update(zip).digest('hex');
  console.log(`${path}  ${(zip.length / 1024).toFixed(1)} KiB  ${entries.length} files  sha256 ${sha256}`);
}

function main(): void {
  const version = checkedVersion('.', [
    'manifest.json',
    join(CHROME_DIST, 'manifest.json'),
    join(FIREFOX_DIST, 'manifest.json'),
  ]);
  const chromeProblems = checkChromeBuild(CHROME_DIST);
  if (chromeProblems.length) {
    throw new Error(
      `${CHROME_DIST} is not ready for the Chrome Web Store:\n- ${chromeProblems.join('\n- ')}`,
    );
  }
  console.log(`${CHROME_DIST}: Chrome Web Store checks passed`);
  lintFirefox(FIREFOX_DIST);

  mkdirSync(ARTIFACTS, { recursive: true });
  const base = `gateway-rescue-${version}`;
  writeZip(`${base}-chrome.zip`, folderEntries(CHROME_DIST));
  writeZip(`${base}-firefox.zip`, folderEntries(FIREFOX_DIST));
  writeZip(`${base}-source.zip`, sourceEntries('.'));
  const untracked = untrackedFiles('.');
  if (untracked.length) {
    console.warn(
      `warning: ${untracked.length} untracked file(s) are not in the source zip; commit them before a release:\n  ${untracked.join('\n  ')}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
