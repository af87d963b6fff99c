/**
 * `npm run screenshots`: PNGs of the extension's pages in their main states, light and dark, English and
 * Japanese (the `locales` set: every language, Arabic dark too, and a phone), under artifacts/screenshots/<set>/. Builds nothing itself: it loads the built extension
 * (GR_DIST, else dist/) through the end-to-end harness. Each file in scripts/screenshots/ is one shot set;
 * `npm run screenshots -- popup` runs only the sets named; `SHOT_LOCALES=ar,de` only those languages.
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
  shot(target: Page | Locator, name: string, options?: { fullPage?: boolean }): Promise<string>;
}

export interface ShotSet {
  /** The schemes this set is shot in; both when left out. */
  schemes?: Scheme[];
  /** More Chromium switches for this set's browser. */
  chromiumArgs?: string[];
  /** Starts what the set's browsers need (a proxy, say) once, with the switches that point to it. */
  prepare?(): Promise<{ chromiumArgs: string[]; done(): Promise<void> }>;
  /** The languages (Chromium's names) and schemes shot; every one of LOCALES × schemes when left out. */
  variants?: { locale: string; scheme: Scheme }[];
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
  const onlyLocales = process.env.SHOT_LOCALES?.split(',');
  const variants = (
    shots.variants ??
    LOCALES.flatMap((locale) => (shots.schemes ?? SCHEMES).map((scheme) => ({ locale, scheme })))
  ).filter((v) => !onlyLocales || onlyLocales.includes(v.locale));
  const prepared = await shots.prepare?.();
  const args = [...(shots.chromiumArgs ?? []), ...(prepared?.chromiumArgs ?? [])];
  try {
    for (const { locale, scheme } of variants) {
      // A fresh browser per variant: no state leaks from one language or scheme into the next.
      const ext = await launchChromium({ locale, colorScheme: scheme, args });
      // zh-CN and zh-TW keep their region; en-US is just en.
      const lang = locale === 'en-US' ? 'en' : locale;
      const shot = async (target: Page | Locator, name: string, options: { fullPage?: boolean } = {}) => {
        const path = join(OUT, setName, `${name}-${lang}-${scheme}.png`);
        await ('goto' in target
          ? target.screenshot({ path, fullPage: options.fullPage ?? true })
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
  } finally {
    await prepared?.done();
  }
}
console.log(written.join('\n'));
console.log(`${written.length} screenshots in ${OUT}/`);
