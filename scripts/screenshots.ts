/**
 * `npm run screenshots`: PNGs of the extension's pages in their main states, light and dark, English and
 * Japanese, under artifacts/screenshots/<set>/. Builds nothing itself: it loads the built extension
 * (GR_DIST, else dist/) through the end-to-end harness. Each file in scripts/screenshots/ is one shot set;
 * `npm run screenshots -- popup` runs only the sets named.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { type ChromiumExtension, launchChromium } from '../tests/e2e/support/chromium.ts';

export type Scheme = 'light' | 'dark';

export interface ShotContext {
  ext: ChromiumExtension;
  locale: string;
  scheme: Scheme;
  /** Saves `<set>/<name>-<lang>-<scheme>.png` of the page (whole page) or of one element. */
  shot(target: Page | Locator, name: string): Promise<string>;
}

export interface ShotSet {
  /** The schemes this set is shot in; both when left out. */
  schemes?: Scheme[];
  /** More Chromium switches for this set's browser. */
  chromiumArgs?: string[];
  /** Starts what the set's browsers need (a proxy, say) once, with the switches that point to it. */
  prepare?(): Promise<{ chromiumArgs: string[]; done(): Promise<void> }>;
  run(ctx: ShotContext): Promise<void>;
}

const OUT = 'artifacts/screenshots';
const LOCALES = ['en-US', 'ja'];
const SCHEMES: Scheme[] = ['light', 'dark'];

const dir = fileURLToPath(new URL('./screenshots/', import.meta.url));
const wanted = process.argv.slice(2);
const setNames = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

const written: string[] = [];
for (const setName of setNames) {
  const { shots } = (await import(pathToFileURL(join(dir, `${setName}.ts`)).href)) as { shots: ShotSet };
  mkdirSync(join(OUT, setName), { recursive: true });
  const prepared = await shots.prepare?.();
  const args = [...(shots.chromiumArgs ?? []), ...(prepared?.chromiumArgs ?? [])];
  try {
    for (const locale of LOCALES) {
      for (const scheme of shots.schemes ?? SCHEMES) {
        // A fresh browser per variant: no state leaks from one language or scheme into the next.
        const ext = await launchChromium({ locale, colorScheme: scheme, args });
        const lang = locale.split('-')[0];
        const shot = async (target: Page | Locator, name: string) => {
          const path = join(OUT, setName, `${name}-${lang}-${scheme}.png`);
          await ('goto' in target
            ? target.screenshot({ path, fullPage: true })
            : target.screenshot({ path }));
          written.push(path);
          return path;
        };
        try {
          await shots.run({ ext, locale, scheme, shot });
        } finally {
          await ext.close();
        }
      }
    }
  } finally {
    await prepared?.done();
  }
}
console.log(written.join('\n'));
console.log(`${written.length} screenshots in ${OUT}/`);
