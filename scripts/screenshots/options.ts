/** The options page with a made-up but realistic history, and a site pattern refused while typed. */
import type { Page } from 'playwright-core';
import type { Incident } from '../../src/core/recovery-state.ts';
import type { ShotSet } from '../screenshots.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Checks at the backoff's rough rhythm (1 s, 1.6 s, 2.6 s …), the last one answering when it recovered. */
function incident(
  id: string,
  host: string,
  daysAgo: number,
  code: number,
  layer: Incident['layer'],
  checks: number,
  outcome: Incident['outcome'],
  now: number,
): Incident {
  const startedAt = now - daysAgo * DAY;
  const times: number[] = [];
  let at = startedAt;
  for (let i = 0; i < checks; i++) {
    at += Math.round(1000 * 1.6 ** i);
    times.push(at);
  }
  return {
    id,
    host,
    url: `https://${host}/`,
    code,
    method: 'GET',
    layer,
    startedAt,
    endedAt: (times.at(-1) ?? startedAt) + 800,
    attempts: checks,
    outcome,
    checks: times.map((t, i) => {
      const ok = outcome === 'recovered' && i === times.length - 1;
      return { at: t, ok, status: ok ? 200 : i % 4 === 3 ? null : code };
    }),
  };
}

/** Eight incidents over five weeks on three sites (the store screenshots use them too). */
function sampleHistory(now: number): Incident[] {
  return [
    incident('s1', 'shop.example.com', 0.02, 502, 'cloudflare', 6, 'recovered', now),
    incident('s2', 'api.example.org', 0.3, 503, 'aws-elb', 4, 'recovered', now),
    incident('s3', 'shop.example.com', 2, 504, 'cloudflare', 11, 'gave-up', now),
    incident('s4', 'news.example.net', 4, 522, 'cloudflare', 3, 'recovered', now),
    incident('s5', 'shop.example.com', 9, 502, 'nginx', 2, 'recovered', now),
    incident('s6', 'api.example.org', 16, 503, 'aws-elb', 8, 'stopped', now),
    incident('s7', 'shop.example.com', 23, 502, 'cloudflare', 5, 'recovered', now),
    incident('s8', 'shop.example.com', 38, 524, 'cloudflare', 7, 'navigated', now),
  ];
}

/** A history and two site lists, as a visitor who used the extension for a while would have. */
export async function seedSampleData(page: Page): Promise<void> {
  await page.evaluate(
    async ({ history }) => {
      await chrome.storage.local.set({ history });
      await chrome.storage.sync.set({
        settings: { excludedSites: ['intranet.example.com'], operatedSites: ['*.example.com'] },
      });
    },
    { history: sampleHistory(Date.now()) },
  );
}

export const shots: ShotSet = {
  async run({ ext, shot }) {
    const page = await ext.openPage('src/options/index.html');
    await seedSampleData(page);
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.reload();
    await page.locator('#history table').waitFor();
    await shot(page, 'options');
    // Scrolled below the sticky header first, which would otherwise cover the top of the shot.
    const section = async (selector: string, name: string) => {
      const target = page.locator(selector);
      await target.evaluate((e) => e.scrollIntoView());
      await shot(target, name);
    };
    await section('#history', 'history');

    // A refused site pattern, as the visitor sees it while typing.
    await page.locator('#excluded-sites-input').fill('https://example.com/login');
    await section('#excluded-sites', 'invalid-site');
    await page.close();
  },
};
