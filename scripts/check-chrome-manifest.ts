/**
 * Checks the Chrome build for what the Chrome Web Store reviews: manifest fields and their limits in
 * every locale, a store listing for every locale (store/<locale>.md) with a written justification for
 * every permission, a real 128x128 icon, and no remote or eval'd code. Run by `npm run package` before zipping;
 * `tsx scripts/check-chrome-manifest.ts` runs it alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROME_DIST } from './dist-dir.ts';
import { folderEntries } from './reproducible-zip.ts';

type Messages = Record<string, { message?: unknown }>;
type Json = Record<string, any>;

export const NAME_MAX = 75;
export const DESCRIPTION_MAX = 132;

/** `__MSG_key__` resolved in one locale (keys are case-insensitive in Chrome); other strings as they are. */
export function resolveMessage(value: string, messages: Messages): string | undefined {
  const match = /^__MSG_(\w+)__$/.exec(value);
  if (!match) return value;
  const key = match[1]!.toLowerCase();
  const found = Object.entries(messages).find(([k]) => k.toLowerCase() === key)?.[1]?.message;
  return typeof found === 'string' ? found : undefined;
}

/** One to four dot-separated integers 0–65535, no leading zeros, not all zero (Chrome's rule). */
export function isValidVersion(version: unknown): boolean {
  if (typeof version !== 'string' || !/^(0|[1-9]\d*)(\.(0|[1-9]\d*)){0,3}$/.test(version)) return false;
  const parts = version.split('.').map(Number);
  return parts.every((n) => n <= 65535) && parts.some((n) => n > 0);
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const REMOTE_SCRIPT_TAG = /<script\b[^>]*\bsrc\s*=\s*["']?\s*(https?:)?\/\//i;
const EVAL_CALL = /(?<![\w$.])eval\s*\(/;
const FUNCTION_CONSTRUCTOR = /\bnew\s+Function\s*\(/;
const REMOTE_IMPORT = /\b(import|importScripts)\s*\(\s*["'`](https?:)?\/\//;

/** Remote scripts in HTML and code built from strings in JS, each as "file: what". */
export function remoteCodeProblems(files: { path: string; text: string }[]): string[] {
  const problems: string[] = [];
  for (const { path, text } of files) {
    if (path.endsWith('.html') && REMOTE_SCRIPT_TAG.test(text)) problems.push(`${path}: remote <script src>`);
    if (!/\.m?js$/.test(path)) continue;
    if (EVAL_CALL.test(text)) problems.push(`${path}: eval(`);
    if (FUNCTION_CONSTRUCTOR.test(text)) problems.push(`${path}: new Function(`);
    if (REMOTE_IMPORT.test(text)) problems.push(`${path}: import of remote code`);
  }
  return problems;
}

/**
 * Permission justifications in a store listing: every `### ` heading that names permissions in
 * backticks starts one, and the text up to the next heading is the justification.
 */
export function permissionJustifications(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const sections = markdown.split(/^(?=#{1,6} )/m);
  for (const section of sections) {
    const [heading = '', ...body] = section.split('\n');
    if (!heading.startsWith('### ')) continue;
    const text = body.join('\n').trim();
    for (const [, permission] of heading.matchAll(/`([^`]+)`/g)) found.set(permission!, text);
  }
  return found;
}

export function requestedPermissions(manifest: Json): string[] {
  return [
    ...(manifest.permissions ?? []),
    ...(manifest.optional_permissions ?? []),
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
  ];
}

function localizedStrings(manifest: Json): string[] {
  const strings: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string' && value.startsWith('__MSG_')) strings.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(manifest);
  return strings;
}

export interface ChromeBuild {
  manifest: Json;
  /** Locale folder name → its messages.json. */
  locales: Record<string, Messages>;
  /** Reads a file of the build, undefined when it is missing. */
  readFile: (path: string) => Uint8Array | undefined;
  /** Listing language → its markdown (store/en.md, store/ja.md, …); empty when the file is missing. */
  listings: Record<string, string>;
}

export function chromeManifestProblems(build: ChromeBuild): string[] {
  const { manifest, locales } = build;
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push('manifest_version must be 3');
  if (!isValidVersion(manifest.version)) problems.push(`version "${manifest.version}" is not 1-4 integers`);
  if (manifest.default_locale !== 'en') problems.push('default_locale must be "en"');
  if (typeof manifest.background?.service_worker !== 'string') problems.push('no background.service_worker');

  if (!locales.en) problems.push('_locales/en/messages.json is missing');
  // Every language the extension speaks is listed in it too, and no listing is for one it does not.
  for (const locale of Object.keys(locales)) {
    if (!build.listings[locale]?.trim()) problems.push(`store/${locale}.md is missing`);
  }
  for (const language of Object.keys(build.listings)) {
    if (!locales[language]) problems.push(`store/${language}.md has no _locales/${language}/messages.json`);
  }
  for (const [locale, messages] of Object.entries(locales)) {
    for (const value of localizedStrings(manifest)) {
      if (resolveMessage(value, messages) === undefined) problems.push(`${locale}: ${value} has no message`);
    }
    const name = resolveMessage(String(manifest.name ?? ''), messages) ?? '';
    const description = resolveMessage(String(manifest.description ?? ''), messages) ?? '';
    if (!name) problems.push(`${locale}: name is empty`);
    if ([...name].length > NAME_MAX) problems.push(`${locale}: name is longer than ${NAME_MAX} characters`);
    if (!description) problems.push(`${locale}: description is empty`);
    if ([...description].length > DESCRIPTION_MAX) {
      problems.push(
        `${locale}: description is ${[...description].length} characters, over ${DESCRIPTION_MAX}`,
      );
    }
  }

  const icons: Record<string, string> = manifest.icons ?? {};
  if (!icons['128']) problems.push('icons has no 128 px icon');
  for (const [size, path] of Object.entries(icons)) {
    const bytes = build.readFile(path);
    const png = bytes && pngSize(bytes);
    if (!png) problems.push(`icon ${path} is missing or not a PNG`);
    else if (png.width !== Number(size) || png.height !== Number(size)) {
      problems.push(`icon ${path} is ${png.width}x${png.height}, the manifest says ${size}x${size}`);
    }
  }

  const csp = JSON.stringify(manifest.content_security_policy ?? '');
  if (/unsafe-eval|https?:/.test(csp)) problems.push('content_security_policy allows eval or remote sources');

  const requested = requestedPermissions(manifest);
  for (const [language, markdown] of Object.entries(build.listings)) {
    // Chrome shows the manifest description as the listing's summary: the listing text must say the same.
    const description = resolveMessage(String(manifest.description ?? ''), locales[language] ?? {});
    if (description && !markdown.includes(description)) {
      problems.push(`store/${language}.md does not contain the ${language} description word for word`);
    }
    const justified = permissionJustifications(markdown);
    for (const permission of requested) {
      if (!justified.get(permission))
        problems.push(`store/${language}.md: no justification for ${permission}`);
    }
    for (const permission of justified.keys()) {
      if (!requested.includes(permission)) {
        problems.push(`store/${language}.md: justifies ${permission}, which the manifest does not request`);
      }
    }
  }
  return problems;
}

/** Reads a built Chrome folder and the store listings, returns every problem found. */
export function checkChromeBuild(dir: string, storeDir = 'store'): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json;
  const localesDir = join(dir, '_locales');
  const locales: Record<string, Messages> = {};
  if (existsSync(localesDir)) {
    for (const locale of readdirSync(localesDir)) {
      locales[locale] = JSON.parse(readFileSync(join(localesDir, locale, 'messages.json'), 'utf8'));
    }
  }
  const listings: Record<string, string> = {};
  const languages = new Set([
    ...Object.keys(locales),
    ...readdirSync(storeDir)
      .filter((f) => /^[a-z]{2}(_[A-Z]{2})?\.md$/.test(f))
      .map((f) => f.slice(0, -3)),
  ]);
  for (const language of languages) {
    const file = join(storeDir, `${language}.md`);
    listings[language] = existsSync(file) ? readFileSync(file, 'utf8') : '';
  }
  const readFile = (path: string) => {
    const file = join(dir, path);
    return existsSync(file) ? readFileSync(file) : undefined;
  };
  const texts = folderEntries(dir)
    .filter((e) => /\.(html|m?js)$/.test(e.path))
    .map((e) => ({ path: e.path, text: Buffer.from(e.data).toString('utf8') }));
  return [...chromeManifestProblems({ manifest, locales, readFile, listings }), ...remoteCodeProblems(texts)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = checkChromeBuild(CHROME_DIST);
  if (problems.length) {
    console.error(`${CHROME_DIST} is not ready for the Chrome Web Store:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`${CHROME_DIST}: Chrome Web Store checks passed`);
}
