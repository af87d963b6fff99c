/**
 * `npx tsx bench/browsing-ab.ts <base-dist> [loads]`: two builds of Gateway Rescue side by side with
 * the control (one idle webRequest listener) and no extension, taking turns page load by page load as
 * the browsing-cost scenario does, so that a busy shared machine slows all four alike. Answers "what
 * did this change cost a normal page load" when the full run's absolute times are too noisy to say.
 * `<base-dist>`: a folder holding `chrome/`, e.g. a build of main (`GR_DIST=/tmp/base npm run build`).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_DIST } from '../scripts/dist-dir.ts';
import { type ChromiumExtension, launchChromium } from '../tests/e2e/support/chromium.ts';
import { launchContender } from './browser.ts';
import { startBenchServer } from './outage-server.ts';
import { median, round } from './stats.ts';

const [baseDist, loadsArg] = process.argv.slice(2);
if (!baseDist) throw new Error('usage: bench/browsing-ab.ts <base-dist> [loads]');
const loads = Number(loadsArg ?? 200);
const WARM_UP = 10;

const server = await startBenchServer();
const browsers = {
  change: await launchChromium({ dir: CHROME_DIST }),
  base: await launchChromium({ dir: join(baseDist, 'chrome') }),
  control: await launchChromium({ dir: 'bench/reference/fixed-interval' }),
};
const none = await launchContender('none');
const pages: Record<string, Page> = { none: await none.newWindow() };
for (const [name, b] of Object.entries(browsers) as [string, ChromiumExtension][]) {
  pages[name] = await b.context.newPage();
}
const names = Object.keys(pages);
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (let i = 0; i < loads + WARM_UP; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      await pages[name]!.goto(server.url(`/news/${i}`));
      const ms = await pages[name]!.evaluate(
        () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).duration,
      );
      if (i >= WARM_UP) times[name]!.push(ms);
    }
  }
} finally {
  await server.close();
  await none.close();
  for (const b of Object.values(browsers)) await b.close();
}
const medians = Object.fromEntries(names.map((n) => [n, round(median(times[n]!), 1)]));
console.log(
  JSON.stringify(
    {
      loads,
      medianMs: medians,
      changeOverBase: round(median(times.change!) / median(times.base!), 3),
      changeOverControl: round(median(times.change!) / median(times.control!), 3),
      baseOverControl: round(median(times.base!) / median(times.control!), 3),
    },
    null,
    2,
  ),
);
