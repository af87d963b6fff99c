import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedVersion, sourceEntries } from '../../scripts/package.ts';
import { folderEntries, reproducibleZip, zipTimestamp } from '../../scripts/reproducible-zip.ts';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>, mtimeSeconds = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'gr-zip-'));
  folders.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    if (mtimeSeconds) utimesSync(join(dir, path), mtimeSeconds, mtimeSeconds);
  }
  return dir;
}

/** Name, DOS time and date, and Unix mode of each entry, read from the zip's central directory. */
function centralDirectory(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    entries.push({
      name: new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)),
      time: view.getUint16(i + 12, true),
      date: view.getUint16(i + 14, true),
      mode: view.getUint32(i + 38, true) >>> 16,
    });
  }
  return entries;
}

const FILES = {
  'manifest.json': '{"version":"1.0.0"}',
  'assets/app.js': 'console.log(1)',
  '_locales/en/messages.json': '{}',
};

describe('reproducible zips', () => {
  it('gives the same bytes for the same files, whatever their creation order and times on disk', () => {
    const a = folder(FILES, 1_700_000_000);
    const reversed = Object.fromEntries(Object.entries(FILES).reverse());
    const b = folder(reversed, 1_800_000_000);
    const zipA = reproducibleZip(folderEntries(a));
    expect(Buffer.compare(zipA, reproducibleZip(folderEntries(b)))).toBe(0);
    const unpacked = unzipSync(zipA);
    expect(Object.keys(unpacked)).toEqual(['_locales/en/messages.json', 'assets/app.js', 'manifest.json']);
    expect(new TextDecoder().decode(unpacked['assets/app.js'])).toBe('console.log(1)');
  });

  it('changes when a file changes', () => {
    const a = reproducibleZip(folderEntries(folder(FILES)));
    const b = reproducibleZip(folderEntries(folder({ ...FILES, 'assets/app.js': 'console.log(2)' })));
    expect(Buffer.compare(a, b)).not.toBe(0);
  });

  it('stamps 1980-01-01 00:00 on every entry, in any time zone', () => {
    const entries = folderEntries(folder(FILES, 1_700_000_000));
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = reproducibleZip(entries, zipTimestamp(undefined));
      process.env.TZ = 'America/Los_Angeles';
      const losAngeles = reproducibleZip(entries, zipTimestamp(undefined));
      expect(Buffer.compare(tokyo, losAngeles)).toBe(0);
      for (const entry of centralDirectory(tokyo)) {
        expect(entry.date).toBe((0 << 9) | (1 << 5) | 1);
        expect(entry.time).toBe(0);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('uses SOURCE_DATE_EPOCH as UTC wall-clock time, and never a time before 1980', () => {
    // 1700000000 = 2023-11-14 22:13:20 UTC.
    const zip = reproducibleZip(folderEntries(folder(FILES)), zipTimestamp('1700000000'));
    const [entry] = centralDirectory(zip);
    expect(entry!.date).toBe(((2023 - 1980) << 9) | (11 << 5) | 14);
    expect(entry!.time).toBe((22 << 11) | (13 << 5) | (20 >> 1));
    expect(zipTimestamp('0').getTime()).toBe(zipTimestamp(undefined).getTime());
    expect(() => zipTimestamp('yesterday')).toThrow(/SOURCE_DATE_EPOCH/);
  });

  it('keeps the executable bit and normalises every other mode', () => {
    const dir = folder({ 'run.sh': 'echo hi', 'data.txt': 'x' });
    chmodSync(join(dir, 'run.sh'), 0o700);
    chmodSync(join(dir, 'data.txt'), 0o600);
    const modes = Object.fromEntries(
      centralDirectory(reproducibleZip(folderEntries(dir))).map((e) => [e.name, e.mode]),
    );
    expect(modes).toEqual({ 'data.txt': 0o100644, 'run.sh': 0o100755 });
  });

  it('refuses two entries with the same path', () => {
    const entry = { path: 'a.txt', data: new Uint8Array([1]), executable: false };
    expect(() => reproducibleZip([entry, entry])).toThrow(/duplicate/);
  });
});

describe('source zip contents', () => {
  const project = {
    'package.json': '{"version":"1.2.3"}',
    'package-lock.json': '{}',
    'src/index.ts': 'export {}',
    '.gitignore': 'node_modules/\ndist/\nartifacts/\n*.log\n',
    'node_modules/x/index.js': '',
    'dist/chrome/manifest.json': '{}',
    'artifacts/old.zip': '',
    'debug.log': '',
  };

  it('takes what git tracks in a checkout, without untracked or ignored files', () => {
    const dir = folder(project);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    writeFileSync(join(dir, 'notes.txt'), 'untracked');
    expect(sourceEntries(dir).map((e) => e.path)).toEqual([
      '.gitignore',
      'package-lock.json',
      'package.json',
      'src/index.ts',
    ]);
  });

  it('takes the folder itself, minus generated folders, in an unpacked source zip (no .git)', () => {
    const paths = sourceEntries(folder(project))
      .map((e) => e.path)
      .sort();
    expect(paths).toEqual(['.gitignore', 'debug.log', 'package-lock.json', 'package.json', 'src/index.ts']);
  });
});

describe('version check', () => {
  it('returns the version when package.json and every manifest agree, and names the one that differs', () => {
    const dir = folder({
      'package.json': '{"version":"1.2.3"}',
      'manifest.json': '{"version":"1.2.3"}',
      'built/manifest.json': '{"version":"1.2.2"}',
    });
    expect(checkedVersion(dir, [join(dir, 'manifest.json')])).toBe('1.2.3');
    expect(() => checkedVersion(dir, [join(dir, 'manifest.json'), join(dir, 'built/manifest.json')])).toThrow(
      /package\.json says version 1\.2\.3, but .*built\/manifest\.json says 1\.2\.2/,
    );
  });
});
