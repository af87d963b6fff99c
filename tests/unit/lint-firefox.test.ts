import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type LintContext,
  type LintMessage,
  type LintReport,
  unexpectedFindings,
  usesRawHtml,
} from '../../scripts/lint-firefox.ts';

/** The three warnings web-ext 10.7 gives on our Firefox build (descriptions shortened). */
const dataCollection: LintMessage = {
  code: 'KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION',
  message: 'Manifest key not supported by the specified minimum Firefox version',
  description:
    '"strict_min_version" requires Firefox 128, which was released before version 140 introduced support for "browser_specific_settings.gecko.data_collection_permissions".',
  file: 'manifest.json',
};
const dataCollectionAndroid: LintMessage = {
  ...dataCollection,
  code: 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
};
const preactInnerHtml: LintMessage = {
  code: 'UNSAFE_VAR_ASSIGNMENT',
  message: 'Unsafe assignment to innerHTML',
  file: 'assets/jsxRuntime-PK8nhK5W.js',
  line: 1,
  column: 8,
};

const PREACT_LINE = 'f?(c||(e.innerHTML=f.__html),t.__k=[]):k()';

function context(overrides: Partial<LintContext> = {}): LintContext {
  return {
    readLine: (file, line) => (file === preactInnerHtml.file && line === 1 ? PREACT_LINE : undefined),
    sourceUsesRawHtml: false,
    ...overrides,
  };
}

const report = (parts: Partial<LintReport>): LintReport => ({
  errors: [],
  warnings: [],
  notices: [],
  ...parts,
});

describe('unexpectedFindings', () => {
  it('lets through exactly the warnings store/LINT.md explains', () => {
    const warnings = [dataCollection, dataCollectionAndroid, preactInnerHtml];
    expect(PREACT_LINE.slice(preactInnerHtml.column! - 1)).toMatch(/^e\.innerHTML/);
    expect(unexpectedFindings(report({ warnings }), context())).toEqual([]);
  });

  it('fails on every error', () => {
    const error: LintMessage = { code: 'JSON_INVALID', message: 'bad manifest', file: 'manifest.json' };
    expect(unexpectedFindings(report({ errors: [error] }), context())).toEqual([error]);
  });

  it('fails on a warning with a code outside the allowlist', () => {
    const other: LintMessage = { code: 'MANIFEST_PERMISSIONS', message: 'unknown permission' };
    expect(unexpectedFindings(report({ warnings: [other] }), context())).toEqual([other]);
  });

  it('fails on a min-version warning about any other manifest key', () => {
    const other = {
      ...dataCollection,
      description: 'requires Firefox 128 … "background.preferred_environment".',
    };
    expect(unexpectedFindings(report({ warnings: [other] }), context())).toEqual([other]);
  });

  it('fails on an innerHTML assignment that is not preact applying __html', () => {
    const ours = { ...preactInnerHtml, file: 'assets/popup.js' };
    const readLine = () => 'el.innerHTML=userText';
    expect(unexpectedFindings(report({ warnings: [ours] }), context({ readLine }))).toEqual([ours]);
  });

  it("fails on preact's setter as soon as our source passes raw HTML to it", () => {
    const warnings = [preactInnerHtml];
    expect(unexpectedFindings(report({ warnings }), context({ sourceUsesRawHtml: true }))).toEqual(warnings);
  });
});

describe('usesRawHtml', () => {
  it('finds dangerouslySetInnerHTML in a source file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gr-lint-'));
    try {
      mkdirSync(join(dir, 'popup'));
      writeFileSync(join(dir, 'popup/View.tsx'), 'export const V = () => <p>safe</p>;');
      expect(usesRawHtml(dir)).toBe(false);
      writeFileSync(
        join(dir, 'popup/Raw.tsx'),
        'export const R = (h) => <p dangerouslySetInnerHTML={{ __html: h }} />;',
      );
      expect(usesRawHtml(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds none in this project', () => {
    expect(usesRawHtml('src')).toBe(false);
  });
});
