import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ChromeBuild,
  chromeManifestProblems,
  isValidVersion,
  permissionJustifications,
  pngSize,
  remoteCodeProblems,
  resolveMessage,
} from '../../scripts/check-chrome-manifest.ts';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The project as it is: source manifest, locales, icons and store listings. */
function projectBuild(): ChromeBuild {
  const languages = readdirSync('public/_locales');
  return {
    manifest: readJson('manifest.json'),
    locales: Object.fromEntries(
      languages.map((lang) => [lang, readJson(`public/_locales/${lang}/messages.json`)]),
    ),
    readFile: (path) => (existsSync(join('public', path)) ? readFileSync(join('public', path)) : undefined),
    listings: Object.fromEntries(languages.map((lang) => [lang, readFileSync(`store/${lang}.md`, 'utf8')])),
  };
}

describe('the project itself', () => {
  it('passes every Chrome Web Store check, and its listings justify exactly the requested permissions', () => {
    const build = projectBuild();
    expect(Object.keys(build.listings)).toHaveLength(11);
    expect(chromeManifestProblems(build)).toEqual([]);
  });

  it('wants a listing for every language the extension speaks, and none for another', () => {
    const build = projectBuild();
    delete build.listings.ar;
    build.listings.it = build.listings.en!;
    expect(chromeManifestProblems(build)).toEqual(
      expect.arrayContaining(['store/ar.md is missing', 'store/it.md has no _locales/it/messages.json']),
    );
  });
});

describe('chromeManifestProblems', () => {
  it('reports each broken field', () => {
    const build = projectBuild();
    build.manifest = {
      ...build.manifest,
      manifest_version: 2,
      version: '1.02',
      permissions: [...build.manifest.permissions, 'tabs'],
    };
    build.locales = {
      en: { ...build.locales.en, extDescription: { message: 'x'.repeat(133) } },
      ja: { extName: { message: 'Gateway Rescue' } },
    };
    const problems = chromeManifestProblems(build);
    expect(problems).toEqual(
      expect.arrayContaining([
        'manifest_version must be 3',
        'version "1.02" is not 1-4 integers',
        'en: description is 133 characters, over 132',
        'ja: __MSG_extDescription__ has no message',
        'ja: description is empty',
        'store/en.md: no justification for tabs',
        'store/ja.md: no justification for tabs',
        'store/en.md does not contain the en description word for word',
      ]),
    );
  });

  it('requires a real 128x128 PNG for the 128 icon', () => {
    const build = projectBuild();
    build.manifest = { ...build.manifest, icons: { ...build.manifest.icons, '128': 'icons/icon-48.png' } };
    expect(chromeManifestProblems(build)).toContain(
      'icon icons/icon-48.png is 48x48, the manifest says 128x128',
    );
    build.manifest = { ...build.manifest, icons: { '128': 'manifest.json' } };
    build.readFile = () => new TextEncoder().encode('{"not":"a png"}');
    expect(chromeManifestProblems(build)).toContain('icon manifest.json is missing or not a PNG');
    build.manifest = { ...build.manifest, icons: { '48': 'icons/icon-48.png' } };
    expect(chromeManifestProblems(build)).toContain('icons has no 128 px icon');
  });

  it('flags a justification for a permission the manifest does not request', () => {
    const build = projectBuild();
    build.listings.en += '\n### `tabs`\n\nTo read tab titles.\n';
    expect(chromeManifestProblems(build)).toEqual([
      'store/en.md: justifies tabs, which the manifest does not request',
    ]);
  });

  it('refuses a content security policy that allows eval or remote scripts', () => {
    const build = projectBuild();
    build.manifest = {
      ...build.manifest,
      content_security_policy: { extension_pages: "script-src 'self' 'unsafe-eval'; object-src 'self'" },
    };
    expect(chromeManifestProblems(build)).toEqual(['content_security_policy allows eval or remote sources']);
  });
});

describe('manifest helpers', () => {
  it('resolves __MSG_ keys case-insensitively and leaves plain strings alone', () => {
    const messages = { extName: { message: 'Gateway Rescue' } };
    expect(resolveMessage('__MSG_extname__', messages)).toBe('Gateway Rescue');
    expect(resolveMessage('__MSG_missing__', messages)).toBeUndefined();
    expect(resolveMessage('Plain', messages)).toBe('Plain');
  });

  it("accepts only Chrome's version format", () => {
    for (const good of ['1', '0.1.0', '1.2.3.4', '65535.0']) expect(isValidVersion(good)).toBe(true);
    for (const bad of ['0', '0.0.0', '1.2.3.4.5', '1.02', '65536', '1.0-beta', '', 1]) {
      expect(isValidVersion(bad)).toBe(false);
    }
  });

  it('reads PNG dimensions from the IHDR chunk', () => {
    expect(pngSize(readFileSync('public/icons/icon-128.png'))).toEqual({ width: 128, height: 128 });
    expect(pngSize(readFileSync('public/icons/icon-16.png'))).toEqual({ width: 16, height: 16 });
    expect(pngSize(new TextEncoder().encode('GIF89a and more bytes here'))).toBeUndefined();
  });

  it('finds remote scripts and code built from strings, not look-alikes', () => {
    expect(
      remoteCodeProblems([
        { path: 'a.html', text: '<script src="https://cdn.example/x.js"></script>' },
        { path: 'b.html', text: "<script type=module src='//cdn.example/x.js'></script>" },
        { path: 'c.js', text: 'const f=eval ("1")' },
        { path: 'd.js', text: 'x=new Function("return 1")' },
        { path: 'e.js', text: 'import("https://cdn.example/m.js")' },
      ]),
    ).toEqual([
      'a.html: remote <script src>',
      'b.html: remote <script src>',
      'c.js: eval(',
      'd.js: new Function(',
      'e.js: import of remote code',
    ]);
    expect(
      remoteCodeProblems([
        { path: 'ok.html', text: '<script type="module" src="/assets/index.js"></script>' },
        // The polyfill's API table names devtools.inspectedWindow.eval: a property, not a call.
        { path: 'ok.js', text: 'inspectedWindow:{eval:{minArgs:1}};api.eval(x);import("./chunk.js")' },
        { path: 'note.css', text: 'eval(' },
      ]),
    ).toEqual([]);
  });

  it('reads one justification per permission named in backticks in a ### heading', () => {
    const justified = permissionJustifications(
      '## Permissions\n\n### `storage`\n\nKeeps settings.\n\n### Hosts `http://*/*` and `https://*/*`\n\nChecks sites.\n\n### `alarms`\n\n## Next\n',
    );
    expect([...justified]).toEqual([
      ['storage', 'Keeps settings.'],
      ['http://*/*', 'Checks sites.'],
      ['https://*/*', 'Checks sites.'],
      ['alarms', ''],
    ]);
  });
});
