/**
 * `npx tsx bench/browsing-only.ts [loads]`: only the cost to normal browsing (bench/scenarios/browsing-cost.ts)
 * against the build in GR_DIST, printed as JSON; about a minute instead of the full run's nine. For a
 * change that touches what runs on every page load; the full run still writes BENCHMARKS.md.
 */
import { launchContender } from './browser.ts';
import { measureBrowsingCost } from './scenarios/browsing-cost.ts';

const loads = Number(process.argv[2] ?? 200);
const result = await measureBrowsingCost(launchContender, loads, 50);
console.log(
  JSON.stringify(
    { ...result, oursOverControl: Math.round((result.withMs / result.controlMs) * 1000) / 1000 },
    null,
    2,
  ),
);
