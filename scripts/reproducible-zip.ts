/**
 * Zips that are byte-identical for identical files: entries sorted by path, one fixed timestamp,
 * normalised Unix modes and a fixed compression level, so a reviewer's rebuild can be compared by hash.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Zippable, zipSync } from 'fflate';

export interface ZipEntry {
  /** Path inside the zip, with `/` separators. */
  path: string;
  data: Uint8Array;
  executable: boolean;
}

const COMPRESSION_LEVEL = 9;
/** The earliest time a zip (DOS) timestamp can hold. */
const DOS_EPOCH_SECONDS = Date.UTC(1980, 0, 1) / 1000;

/**
 * The timestamp every entry gets: SOURCE_DATE_EPOCH when set (the reproducible-builds convention),
 * else 1980-01-01. Zip timestamps are wall-clock fields and fflate fills them with the local-time
 * getters, so the UTC fields are copied into a local Date: the bytes then do not depend on TZ.
 */
export function zipTimestamp(sourceDateEpoch: string | undefined = process.env.SOURCE_DATE_EPOCH): Date {
  let seconds = DOS_EPOCH_SECONDS;
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== '') {
    if (!/^\d+$/.test(sourceDateEpoch))
      throw new Error(`SOURCE_DATE_EPOCH is not a number: ${sourceDateEpoch}`);
    seconds = Math.max(DOS_EPOCH_SECONDS, Number(sourceDateEpoch));
  }
  const utc = new Date(seconds * 1000);
  return new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  );
}

export function reproducibleZip(entries: ZipEntry[], mtime: Date = zipTimestamp()): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files: Zippable = {};
  for (const entry of sorted) {
    if (entry.path in files) throw new Error(`duplicate zip entry: ${entry.path}`);
    const mode = entry.executable ? 0o100755 : 0o100644;
    files[entry.path] = [entry.data, { mtime, os: 3, attrs: mode << 16 }];
  }
  return zipSync(files, { level: COMPRESSION_LEVEL });
}

export function isExecutable(file: string): boolean {
  return (statSync(file).mode & 0o100) !== 0;
}

/** Every file under `dir`, as zip entries relative to it. */
export function folderEntries(dir: string): ZipEntry[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const file = join(d.parentPath, d.name);
      return {
        path: relative(dir, file).split(sep).join('/'),
        data: readFileSync(file),
        executable: isExecutable(file),
      };
    });
}
