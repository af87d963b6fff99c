// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  byText,
  click,
  makeOrigin,
  makeTab,
  makeView,
  type Rendered,
  renderPopup,
} from './support/popup-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

let page: Rendered;
afterEach(() => page?.unmount());

function withOperated(operatedSites: string[], tab = makeTab()) {
  const view = makeView({ tab });
  return { ...view, settings: { ...view.settings, operatedSites } };
}
/** The panel loads when the section first opens; this waits for it. */
const operatorPanel = () =>
  vi.waitFor(() => {
    const found = page.root.querySelector<HTMLElement>('.operator');
    if (!found) throw new Error('no operator panel yet');
    return found;
  });
async function renderOpen(view: ReturnType<typeof withOperated>) {
  page = renderPopup(view);
  await operatorPanel();
}
const section = () => page.root.querySelector<HTMLDetailsElement>('.operator-section')!;
const evidence = () =>
  Object.fromEntries(
    [...page.root.querySelectorAll('.evidence dt')].map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent,
    ]),
  );

describe("the operators' section", () => {
  it.each([
    [['*.example.com'], true],
    [['shop.example.com'], true],
    [['example.com'], false],
    [[], false],
  ])('with operated sites %j it starts open: %s', (sites, open) => {
    page = renderPopup(withOperated(sites));
    expect(section().open).toBe(open);
  });

  it('shows its checklist when the visitor opens it on any site', async () => {
    page = renderPopup(withOperated([]));
    expect(page.root.querySelector('.operator')).toBeNull();
    section().open = true;
    section().dispatchEvent(new Event('toggle'));
    expect((await operatorPanel()).querySelectorAll('.steps li')).toHaveLength(6);
  });

  it('reads an error after about a minute as a proxy read timeout, with Retry-After', async () => {
    await renderOpen(
      withOperated(
        ['shop.example.com'],
        makeTab({ requestMs: 60_020, retryAfterSeconds: 120, layer: 'nginx' }),
      ),
    );
    expect(evidence()).toEqual({
      'Request took':
        '60.0 s — An error after about a minute points at a proxy read timeout: the application did not answer in time.',
      'Answered by': 'nginx',
      'Retry-After': 'sent: 120 s',
    });
  });

  it('reads an instant error as an upstream that is down or refusing, and a missing Retry-After', async () => {
    await renderOpen(withOperated(['shop.example.com'], makeTab({ requestMs: 40 })));
    expect(evidence()['Request took']).toBe(
      '0.04 s — An instant error points at an upstream that is down or refusing connections.',
    );
    expect(evidence()['Retry-After']).toBe('not sent (send it with 503 during maintenance)');
  });

  it("lists the operator's checklist", async () => {
    await renderOpen(withOperated(['shop.example.com']));
    const steps = [...page.root.querySelectorAll('.operator .steps li')].map((li) => li.textContent);
    expect(steps).toHaveLength(6);
    expect(steps.join(' ')).toContain('PHP-FPM, Node, Puma, Unicorn');
    expect(steps.join(' ')).toContain('proxy_read_timeout, proxy_connect_timeout');
    expect(steps.join(' ')).toContain('503 with a Retry-After header');
  });

  it('copies a plain-text report for the site owner', async () => {
    await renderOpen({
      ...withOperated(['shop.example.com']),
      origin: makeOrigin({
        attempts: 5,
        lastCheck: { at: Date.UTC(2025, 0, 15, 9, 31), ok: false, status: 502 },
      }),
    });
    await click(byText(page.root, 'button', 'Copy report'));
    const report = page.actions.copy.mock.calls[0]?.[0] as string;
    expect(report).toContain('URL: https://shop.example.com/cart?id=3');
    expect(report).toContain('Status: 502 (GET)');
    expect(report).toContain('Answered by: Cloudflare');
    expect(report).toContain('Request took: 0.64 s (upstream down or refusing)');
    expect(report).toContain('Checks by the extension: 5');
    expect(report).toContain('Last check: 502 @ 2025-01-15T09:31:00.000Z');
    expect(report).toContain('  cf-ray: 8f2a3b4c5d6e7f80-NRT');
    expect(page.root.querySelector('.copy-state')?.textContent).toBe('Copied');
  });

  it('says "probably" for a name its evidence does not prove, in the panel and the report', async () => {
    const tab = makeTab({
      layer: 'heroku',
      chain: ['cloudflare', 'heroku'],
      confidence: 'probable',
      probable: ['heroku'],
      clues: [
        ['cloudflare', 'cf-ray: 8f2a3b4c5d6e7f80-NRT'],
        ['heroku', 'body: “<title>Application Error</title>”'],
      ],
    });
    await renderOpen(withOperated(['shop.example.com'], tab));
    expect(evidence()).toMatchObject({
      'Answered by': 'probably Heroku',
      'Layers (from you)': 'Cloudflare → probably Heroku',
    });
    const clues = [...page.root.querySelectorAll('.clues li')].map((li) => li.textContent);
    expect(clues).toEqual([
      'Cloudflare — cf-ray: 8f2a3b4c5d6e7f80-NRT',
      'probably Heroku — body: “<title>Application Error</title>”',
    ]);
    await click(byText(page.root, 'button', 'Copy report'));
    const report = page.actions.copy.mock.calls[0]?.[0] as string;
    expect(report).toContain('Answered by: probably Heroku\n');
    expect(report).toContain('  probably Heroku — body: ');
  });

  it('still reports the checks after giving up, when the site has no schedule left', async () => {
    const lastCheck = { at: Date.UTC(2025, 0, 15, 9, 40), ok: false, status: 503 };
    const tab = makeTab({ phase: 'gave-up', endedWith: { attempts: 20, lastCheck } });
    await renderOpen({ ...withOperated(['shop.example.com'], tab), origin: null });
    await click(byText(page.root, 'button', 'Copy report'));
    const report = page.actions.copy.mock.calls[0]?.[0] as string;
    expect(report).toContain('Checks by the extension: 20');
    expect(report).toContain('Last check: 503 @ 2025-01-15T09:40:00.000Z');
  });
});
