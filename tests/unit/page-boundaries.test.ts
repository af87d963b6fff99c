/** The popup and the options page share code only through `core` or `ui`, never each other. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const importsOf = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${file}: ${m[1]}`),
    );

describe('page boundaries', () => {
  it.each([
    ['src/popup', 'options'],
    ['src/options', 'popup'],
  ])('%s imports nothing from the %s page', (dir, other) => {
    const imports = importsOf(dir);
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.filter((line) => line.includes(`/${other}/`))).toEqual([]);
  });
});
