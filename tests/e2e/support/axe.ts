/** axe-core run inside a page of the real browser (Playwright or Puppeteer): its violations, by rule. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

// Both drivers' pages evaluate a script string (not bound by the extension page's CSP) or a function.
type EvaluatingPage = { evaluate(script: any): Promise<any> };

export async function axeViolations(page: EvaluatingPage, minPasses = 15): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() => (window as any).axe.run(document));
  // A run that checked nothing would pass too.
  expect(result.passes.length).toBeGreaterThan(minPasses);
  return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
