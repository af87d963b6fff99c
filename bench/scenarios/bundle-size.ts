/**
 * Size of each entry's JavaScript in the Chrome build, raw (minified, as shipped) and gzip. The budget
 * counts what loads when the entry opens (the entry and its static imports, shared chunks included);
 * parts the page loads later with import() are counted apart, as they do not delay the first paint.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntrySize {
  entry: 'background' | 'popup' | 'options';
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  /** Chunks loaded later with import(), and their raw size. */
  lazyFiles: string[];
  lazyRawBytes: number;
  /** Raw bytes allowed; null where the issue sets no budget. */
  budgetBytes: number | null;
}

export const BUDGET_BYTES = { background: 30 * 1024, popup: 50 * 1024 } as const;

/** Paths of the scripts a built HTML page loads (module scripts and preloads), relative to the build root. */
function scriptsOfPage(root: string, page: string): string[] {
  const html = readFileSync(join(root, page), 'utf8');
  const srcs = [
    ...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  return srcs.map((src) => (src.startsWith('/') ? src.slice(1) : posix.join(posix.dirname(page), src)));
}

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g;
const ANY_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g;

/** The files and every file they import through relative specifiers: statically, or also with import(). */
function closure(root: string, starts: string[], pattern: RegExp): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(root, file), 'utf8');
    for (const m of code.matchAll(pattern)) {
      visit(posix.join(posix.dirname(file), m[1]!));
    }
  };
  for (const start of starts) visit(start);
  return [...seen].sort();
}

function sizeOf(root: string, files: string[]): { rawBytes: number; gzipBytes: number } {
  const all = Buffer.concat(files.map((f) => readFileSync(join(root, f))));
  return { rawBytes: all.length, gzipBytes: gzipSync(all, { level: 9 }).length };
}

export function measureBundleSizes(chromeDist: string): EntrySize[] {
  const manifest = JSON.parse(readFileSync(join(chromeDist, 'manifest.json'), 'utf8'));
  const entries: [EntrySize['entry'], string[]][] = [
    ['background', [manifest.background.service_worker]],
    ['popup', scriptsOfPage(chromeDist, manifest.action.default_popup)],
    ['options', scriptsOfPage(chromeDist, manifest.options_ui.page)],
  ];
  return entries.map(([entry, starts]) => {
    const files = closure(chromeDist, starts, STATIC_IMPORT);
    const lazyFiles = closure(chromeDist, starts, ANY_IMPORT).filter((f) => !files.includes(f));
    return {
      entry,
      files,
      ...sizeOf(chromeDist, files),
      lazyFiles,
      lazyRawBytes: lazyFiles.length ? sizeOf(chromeDist, lazyFiles).rawBytes : 0,
      budgetBytes: entry === 'options' ? null : BUDGET_BYTES[entry],
    };
  });
}
