// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, LISTED_CODES, repairSettings } from '../../src/core/settings';
import { NUMBER_SAVE_DELAY_MS } from '../../src/options/NumberSetting';
import { getMessage } from './support/fake-i18n-browser';
import {
  $,
  click,
  type MemoryPort,
  memoryPort,
  press,
  renderOptions,
  settle,
  text,
  type,
} from './support/options-fixtures';

vi.mock('webextension-polyfill', () => import('./support/fake-i18n-browser'));

let port: MemoryPort;
let page: Awaited<ReturnType<typeof renderOptions>>;
beforeEach(async () => {
  port = memoryPort();
  page = await renderOptions(port);
});
afterEach(() => page.unmount());

const checkbox = (selector: string) => $<HTMLInputElement>(selector);
const lastSave = () => port.saves.at(-1);

describe('codes', () => {
  it('lists every code with its meaning, checked as the defaults say (500 off)', () => {
    for (const code of LISTED_CODES) {
      expect(checkbox(`#code-${code}`).checked).toBe(DEFAULT_SETTINGS.codes.includes(code));
      expect(text(`label[for="code-${code}"]`)).toContain(getMessage(`options_code${code}`));
    }
    expect(checkbox('#code-500').checked).toBe(false);
  });

  it('saves at once when a code is turned off or on, and says Saved', async () => {
    await click('#code-503');
    await settle();
    expect(lastSave()?.codes).toEqual([502, 504, 520, 521, 522, 523, 524]);
    expect(text('[role="status"]')).toBe('Saved');
    await click('#code-500');
    await settle();
    expect(lastSave()?.codes).toEqual([500, 502, 504, 520, 521, 522, 523, 524]);
  });

  it('keeps a code that is not listed (set by hand) when listed ones change', async () => {
    page.unmount();
    port.stored.settings = repairSettings({ codes: [429, 502] });
    page = await renderOptions(port);
    await click('#code-502');
    await settle();
    expect(lastSave()?.codes).toEqual([429]);
  });
});

describe('sites that do not answer', () => {
  it('lists the four kinds beside the codes, all on, and saves one turned off and on again', async () => {
    for (const kind of ['refused', 'timeout', 'dns', 'offline']) {
      expect(checkbox(`#failure-${kind}`).checked).toBe(true);
      expect(text(`label[for="failure-${kind}"]`)).toBe(getMessage(`popup_failure_${kind}_title`));
    }
    await click('#failure-dns');
    await settle();
    expect(lastSave()?.failures).toEqual(['refused', 'timeout', 'offline']);
    await click('#failure-dns');
    await settle();
    expect(lastSave()?.failures).toEqual(['refused', 'timeout', 'dns', 'offline']);
  });
});

describe('switches', () => {
  it('turns the extension off and recovery notifications off', async () => {
    await click('#enabled');
    await click('#notify');
    await settle();
    expect(lastSave()).toMatchObject({ enabled: false, notifyOnRecovery: false });
  });

  it("turns reading a provider's own status off, on by default", async () => {
    const toggle = page.root.querySelector<HTMLInputElement>('#provider-status');
    expect(toggle?.checked).toBe(true);
    expect(page.root.querySelector('label[for="provider-status"]')?.textContent).toContain(
      "Read a provider's own status",
    );
    await click('#provider-status');
    await settle();
    expect(lastSave()).toMatchObject({ providerStatus: false });
  });
});

describe('numbers', () => {
  afterEach(() => vi.useRealTimers());

  it('shows what is wrong with a number out of range or not whole, and never saves it', async () => {
    for (const bad of ['0', '101', '2.5', '', 'abc']) {
      await type('#max-attempts', bad);
      await press('#max-attempts', 'Enter');
      expect($('#max-attempts').getAttribute('aria-invalid')).toBe('true');
      expect(text('#max-attempts-error')).toBe('Enter a whole number from 1 to 100.');
    }
    await settle();
    expect(port.saves).toEqual([]);
  });

  it('saves a valid number shortly after typing stops, once', async () => {
    vi.useFakeTimers();
    await type('#max-delay', '3');
    await type('#max-delay', '30');
    expect(port.saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(NUMBER_SAVE_DELAY_MS);
    vi.useRealTimers();
    await settle();
    expect(port.saves.map((s) => s.maxDelaySeconds)).toEqual([30]);
    expect($('#max-delay').getAttribute('aria-invalid')).toBe('false');
    expect(text('#max-delay-error')).toBe('');
  });

  it('does not undo a change made elsewhere while it waited to save', async () => {
    vi.useFakeTimers();
    await type('#max-delay', '45');
    port.changeSettings(repairSettings({ codes: [502] }));
    await vi.advanceTimersByTimeAsync(NUMBER_SAVE_DELAY_MS);
    vi.useRealTimers();
    await settle();
    expect(lastSave()).toMatchObject({ codes: [502], maxDelaySeconds: 45 });
  });

  it('saves at once when the field is left', async () => {
    await type('#max-attempts', '7');
    $('#max-attempts').dispatchEvent(new FocusEvent('blur'));
    await settle();
    expect(lastSave()?.maxAttempts).toBe(7);
  });
});

describe('site lists', () => {
  const messages: [string, string][] = [
    ['https://example.com', 'options_siteErrorScheme'],
    ['example.com/shop', 'options_siteErrorPath'],
    ['example.com:8080', 'options_siteErrorPath'],
    ['*.*.example.com', 'options_siteErrorWildcard'],
    ['shop*.example.com', 'options_siteErrorWildcard'],
    ['example', 'options_siteErrorHost'],
    ['exa mple.com', 'options_siteErrorHost'],
  ];

  it.each(messages)('says what is wrong with %s as it is typed, and saves nothing', async (input, key) => {
    await type('#excluded-sites-input', input);
    expect(text('#excluded-sites-error')).toBe(getMessage(key));
    expect($('#excluded-sites-input').getAttribute('aria-invalid')).toBe('true');
    await click('#excluded-sites button');
    await press('#excluded-sites-input', 'Enter');
    await settle();
    expect(port.saves).toEqual([]);
    expect(document.activeElement).toBe($('#excluded-sites-input'));
  });

  it('asks for a site when Add is pressed on an empty field, but not before', async () => {
    expect(text('#excluded-sites-error')).toBe('');
    await click('#excluded-sites button');
    expect(text('#excluded-sites-error')).toBe(getMessage('options_siteErrorEmpty'));
    expect(port.saves).toEqual([]);
  });

  it('adds a valid site, normalised, with Enter or Add, and empties the field', async () => {
    await type('#excluded-sites-input', '  Shop.Example.COM ');
    expect(text('#excluded-sites-error')).toBe('');
    await press('#excluded-sites-input', 'Enter');
    await settle();
    expect(lastSave()?.excludedSites).toEqual(['shop.example.com']);
    expect($<HTMLInputElement>('#excluded-sites-input').value).toBe('');
    await type('#operated-sites-input', '*.example.org');
    await click('#operated-sites .add-row button');
    await settle();
    expect(lastSave()).toMatchObject({
      excludedSites: ['shop.example.com'],
      operatedSites: ['*.example.org'],
    });
    expect(text('#excluded-sites .site-list')).toContain('shop.example.com');
  });

  it('refuses a site already in the list', async () => {
    await type('#excluded-sites-input', 'example.com');
    await press('#excluded-sites-input', 'Enter');
    await settle();
    await type('#excluded-sites-input', 'EXAMPLE.com');
    expect(text('#excluded-sites-error')).toBe(getMessage('options_siteErrorDuplicate'));
    await press('#excluded-sites-input', 'Enter');
    await settle();
    expect(port.saves).toHaveLength(1);
  });

  it('removes a site and moves focus to the next remove button', async () => {
    page.unmount();
    port.stored.settings = repairSettings({ excludedSites: ['a.com', 'b.com', 'c.com'] });
    page = await renderOptions(port);
    const removeB = $('#excluded-sites li:nth-child(2) button');
    expect(removeB.getAttribute('aria-label')).toBe('Remove b.com');
    await click('#excluded-sites li:nth-child(2) button');
    await settle();
    expect(lastSave()?.excludedSites).toEqual(['a.com', 'c.com']);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove c.com');
  });

  it('refuses a site that would make the settings too big for browser sync', async () => {
    page.unmount();
    const long = (i: number) => `a-rather-long-subdomain-name-${i}.of-a-long-site-name.example.com`;
    port.stored.settings = repairSettings({ excludedSites: Array.from({ length: 130 }, (_, i) => long(i)) });
    page = await renderOptions(port);
    await type('#excluded-sites-input', long(999));
    await press('#excluded-sites-input', 'Enter');
    await settle();
    expect(text('#excluded-sites-error')).toBe(getMessage('options_siteErrorTooMany'));
    expect(port.saves).toEqual([]);
  });
});

describe('saving', () => {
  it('says what went wrong when the browser refuses to save', async () => {
    port.failSaves = 'QUOTA_BYTES_PER_ITEM quota exceeded';
    await click('#notify');
    await settle();
    expect(text('[role="status"]')).toBe('Not saved: QUOTA_BYTES_PER_ITEM quota exceeded');
  });

  it('shows changes made elsewhere (another tab, another computer)', async () => {
    port.changeSettings(repairSettings({ codes: [502], maxAttempts: 9, excludedSites: ['x.com'] }));
    await settle();
    expect(checkbox('#code-503').checked).toBe(false);
    expect($<HTMLInputElement>('#max-attempts').value).toBe('9');
    expect(text('#excluded-sites .site-list')).toContain('x.com');
  });

  it('resets to defaults only after confirming', async () => {
    page.unmount();
    port.stored.settings = repairSettings({ codes: [502], enabled: false, operatedSites: ['a.com'] });
    page = await renderOptions(port);
    await click('#reset');
    expect(document.activeElement?.textContent).toBe(getMessage('options_cancel'));
    await click('.confirm button:last-child');
    expect(document.activeElement?.id).toBe('reset');
    await click('#reset');
    await press('.confirm button:last-child', 'Escape');
    expect(document.querySelector('.confirm')).toBeNull();
    expect(port.saves).toEqual([]);
    await click('#reset');
    await click('#reset-confirm');
    await settle();
    expect(lastSave()).toEqual(DEFAULT_SETTINGS);
    expect(checkbox('#code-503').checked).toBe(true);
    expect($<HTMLInputElement>('#max-attempts').value).toBe(String(DEFAULT_SETTINGS.maxAttempts));
  });
});
