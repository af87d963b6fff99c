/**
 * `web-ext lint` on the Firefox build, as addons.mozilla.org runs it on upload. Fails on any error
 * and on any warning outside the short allowlist below; store/LINT.md explains each allowed warning.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIREFOX_DIST } from './dist-dir.ts';

export interface LintMessage {
  code: string;
  message: string;
  description?: string;
  file?: string;
  line?: number;
  /** 1-based, as web-ext reports it. */
  column?: number;
}

export interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

export interface LintContext {
  /** A line (1-based) of a file in the linted folder. */
  readLine: (file: string, line: number) => string | undefined;
  /** Whether any of our own source files passes raw HTML to preact. */
  sourceUsesRawHtml: boolean;
}

interface AllowedWarning {
  codes: string[];
  /** One line; store/LINT.md has the full reasoning. */
  why: string;
  matches: (warning: LintMessage, context: LintContext) => boolean;
}

/** Preact applies `dangerouslySetInnerHTML` as `dom.innerHTML = props.__html` (src/diff/index.js). */
const PREACT_RAW_HTML_SETTER = /^[\w$]+\.innerHTML=[\w$]+\.__html\b/;

export const ALLOWED_WARNINGS: AllowedWarning[] = [
  {
    codes: ['KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION', 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION'],
    why: 'data_collection_permissions is required by AMO; Firefox 128–139 ignores it, and 128 is our minimum',
    matches: (w) => w.file === 'manifest.json' && /data_collection_permissions/.test(w.description ?? ''),
  },
  {
    codes: ['UNSAFE_VAR_ASSIGNMENT'],
    why: "preact's own setter for dangerouslySetInnerHTML, which no component of ours uses",
    matches: (w, context) => {
      if (context.sourceUsesRawHtml || !w.file || !w.line || !w.column) return false;
      const line = context.readLine(w.file, w.line);
      return PREACT_RAW_HTML_SETTER.test(line?.slice(w.column - 1) ?? '');
    },
  },
];

/** Everything that must fail the lint: all errors, and the warnings no allowlist entry explains. */
export function unexpectedFindings(report: LintReport, context: LintContext): LintMessage[] {
  const unexplained = report.warnings.filter(
    (w) => !ALLOWED_WARNINGS.some((a) => a.codes.includes(w.code) && a.matches(w, context)),
  );
  return [...report.errors, ...unexplained];
}

export function usesRawHtml(sourceDir: string): boolean {
  if (!existsSync(sourceDir)) return false;
  return readdirSync(sourceDir, { recursive: true, withFileTypes: true }).some(
    (d) =>
      d.isFile() &&
      /\.[jt]sx?$/.test(d.name) &&
      readFileSync(join(d.parentPath, d.name), 'utf8').includes('dangerouslySetInnerHTML'),
  );
}

function runWebExtLint(dir: string): LintReport {
  const bin = join('node_modules', '.bin', 'web-ext');
  const run = spawnSync(bin, ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
    encoding: 'utf8',
  });
  try {
    return JSON.parse(run.stdout) as LintReport;
  } catch {
    throw new Error(`web-ext lint gave no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

function describe(m: LintMessage): string {
  const where = m.file ? ` (${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ''})` : '';
  return `${m.code}${where}: ${m.message}`;
}

/** Lints a Firefox build folder; returns the report, throws when something must be fixed. */
export function lintFirefox(dir: string = FIREFOX_DIST): LintReport {
  const report = runWebExtLint(dir);
  const context: LintContext = {
    readLine: (file, line) => {
      const path = join(dir, file);
      return existsSync(path) ? readFileSync(path, 'utf8').split('\n')[line - 1] : undefined;
    },
    sourceUsesRawHtml: usesRawHtml('src'),
  };
  const failures = unexpectedFindings(report, context);
  if (failures.length) {
    throw new Error(
      `web-ext lint on ${dir}: ${failures.length} finding(s) to fix (or explain in store/LINT.md and the allowlist in scripts/lint-firefox.ts):\n- ${failures.map(describe).join('\n- ')}`,
    );
  }
  const allowed = report.warnings.map((w) => `  allowed ${describe(w)}`);
  console.log(
    [
      `web-ext lint on ${dir}: ${report.errors.length} errors, ${report.warnings.length} warnings (all explained in store/LINT.md), ${report.notices.length} notices`,
      ...allowed,
      ...report.notices.map((n) => `  notice ${describe(n)}`),
    ].join('\n'),
  );
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    lintFirefox();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
