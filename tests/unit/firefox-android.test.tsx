// @vitest-environment happy-dom
/**
 * What Firefox for Android lacks, one API at a time: no `windows` (so no private window opened for the
 * visitor), no `commands`, possibly no `notifications`, and no way to clear one site's data. Each is
 * found by looking for the API, never by the user agent, and each leaves clear text or another way,
 * never a button that does nothing. The background keeps every listener when an API is missing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PopupEnv } from '../../src/popup/actions';
import { type FakeBrowser, fakeBrowser } from './support/fake-webext';
import { $, memoryPort, renderOptions } from './support/options-fixtures';
import { click, makeView, type Rendered, renderPopup } from './support/popup-fixtures';

const current = vi.hoisted(() => ({ browser: {} as Record<string, any> }));
vi.mock('webextension-polyfill', () => ({
  default: new Proxy({}, { get: (_, name: string) => current.browser[name] }),
}));

// Nothing stored yet.
const STORAGE = {
  storage: {
    session: { get: async () => ({}), set: async () => {} },
    sync: { get: async () => ({}), set: async () => {} },
    local: { get: async () => ({}), set: async () => {} },
    onChanged: { addListener: () => {}, removeListener: () => {} },
  },
};

function use(without: string[], answers: Record<string, Record<string, unknown>> = {}): FakeBrowser {
  // The background asks the open tabs once as it starts: none here.
  const withTabs = { ...answers, tabs: { query: [], ...answers.tabs } };
  current.browser = fakeBrowser({ without, answers: withTabs, namespaces: STORAGE });
  return current.browser;
}

beforeEach(() => {
  use([]);
});
afterEach(() => {
  vi.resetModules();
  document.body.innerHTML = '';
});

const ANDROID: PopupEnv = {
  os: 'android',
  browser: 'firefox',
  incognitoAllowed: true,
  canOpenWindows: false,
};

describe('the popup finds out what the browser has', () => {
  const firefoxOn = (os: string) => ({
    runtime: { getPlatformInfo: { os }, getBrowserInfo: () => ({ name: 'Firefox' }) },
    extension: { isAllowedIncognitoAccess: true },
  });

  it('cannot open windows where `windows` is missing', async () => {
    use(['windows'], firefoxOn('android'));
    const { detectEnvironment } = await import('../../src/popup/environment');
    await expect(detectEnvironment()).resolves.toEqual({
      os: 'android',
      browser: 'firefox',
      incognitoAllowed: true,
      canOpenWindows: false,
    });
  });

  it('can where it is there, whatever the platform says', async () => {
    use([], firefoxOn('android'));
    const { detectEnvironment } = await import('../../src/popup/environment');
    await expect(detectEnvironment()).resolves.toMatchObject({ canOpenWindows: true });
  });
});

describe('the popup without windows or per-site clearing', () => {
  let page: Rendered;
  afterEach(() => page?.unmount());

  async function openRow(fix: string) {
    page = renderPopup(makeView(), { env: ANDROID });
    const details = page.root.querySelector<HTMLDetailsElement>('.fixes-section')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await new Promise((r) => setTimeout(r, 0));
    const row = page.root.querySelector<HTMLElement>(`.fixes li[data-fix="${fix}"]`)!;
    await click(row.querySelector('.fix-button'));
    return row;
  }

  it('offers no private-window button, even when private windows are allowed: it says how by hand', async () => {
    const row = await openRow('private-window');
    expect(page.actions.openPrivateWindow).not.toHaveBeenCalled();
    expect(page.actions.markTried).toHaveBeenCalledWith('private-window');
    expect(row.textContent).toContain("Open Firefox's tabs, switch to private tabs, then paste the link.");
    // Where to allow it would be pointless: no extension can open a window there.
    expect(row.textContent).not.toContain('about:addons');
    await click([...row.querySelectorAll('button')].find((b) => b.textContent === 'Copy link'));
    expect(page.actions.copy).toHaveBeenCalledWith('https://shop.example.com/cart?id=3');
  });

  it("gives the site panel's way to clear the site, without a settings page Android does not have", async () => {
    const row = await openRow('clear-cache');
    expect(page.actions.clearSiteData).not.toHaveBeenCalled();
    expect(row.textContent).toContain('Tap the lock icon next to the address');
    expect(row.textContent).toContain('signs you out of shop.example.com');
    expect(row.textContent).not.toContain('about:preferences');
    expect(row.querySelectorAll('button')).toHaveLength(1);
  });
});

describe('the options page without commands or notifications', () => {
  it('reads no shortcuts where `commands` is missing, and says the browser has none', async () => {
    use(['commands']);
    const { browserOptionsPort } = await import('../../src/options/options-port');
    await expect(browserOptionsPort().loadShortcuts()).resolves.toBeNull();
    const shown = await renderOptions(memoryPort({ noCommands: true }));
    expect($('#shortcuts').textContent).toContain('This browser has no keyboard shortcuts for extensions.');
    expect(document.querySelector('#shortcuts dl, #shortcuts button')).toBeNull();
    shown.unmount();
  });

  it('still lists them where `commands` is there', async () => {
    use([], { commands: { getAll: [{ name: 'retry-now', description: 'Retry', shortcut: 'Alt+Shift+Y' }] } });
    const { browserOptionsPort } = await import('../../src/options/options-port');
    await expect(browserOptionsPort().loadShortcuts()).resolves.toEqual([
      { name: 'retry-now', description: 'Retry', shortcut: 'Alt+Shift+Y' },
    ]);
  });

  it('turns the notification setting off and says why where `notifications` is missing', async () => {
    use(['notifications']);
    const { browserOptionsPort } = await import('../../src/options/options-port');
    expect(browserOptionsPort().canNotify).toBe(false);
    const port = memoryPort({ noNotifications: true });
    const shown = await renderOptions(port);
    const toggle = $<HTMLInputElement>('#notify');
    expect(toggle.disabled).toBe(true);
    expect(toggle.checked).toBe(false);
    expect($('#notify-hint').textContent).toBe('This browser does not show notifications from extensions.');
    shown.unmount();
  });

  it('keeps it where notifications exist', async () => {
    const { browserOptionsPort } = await import('../../src/options/options-port');
    expect(browserOptionsPort().canNotify).toBe(true);
  });
});

describe('the background without commands, notifications or windows', () => {
  const registered = (b: FakeBrowser) => ({
    completed: b.webRequest!.onCompleted.listeners.length,
    removed: b.tabs!.onRemoved.listeners.length,
    activated: b.tabs!.onActivated.listeners.length,
    alarm: b.alarms!.onAlarm.listeners.length,
    message: b.runtime!.onMessage.listeners.length,
  });
  const all = { completed: 1, removed: 1, activated: 1, alarm: 1, message: 1 };

  it.each([[['commands']], [['notifications']], [['commands', 'notifications', 'windows']]])(
    'registers every other listener without %j',
    async (missing) => {
      const b = use(missing);
      await import('../../src/background/index');
      expect(registered(b)).toEqual(all);
    },
  );

  it('listens for the retry shortcut and notification clicks where the browser has them', async () => {
    const b = use([]);
    await import('../../src/background/index');
    expect(b.commands!.onCommand.listeners).toHaveLength(1);
    expect(b.notifications!.onClicked.listeners).toHaveLength(1);
  });

  it('shows no notification and throws nothing where `notifications` is missing', async () => {
    const b = use(['notifications'], { tabs: { get: { id: 5, active: false, windowId: 1 } } });
    const { notifyRecovered } = await import('../../src/background/notifications');
    await expect(notifyRecovered(5, 'example.com')).resolves.toBeUndefined();
    expect(b.tabs!.get).not.toHaveBeenCalled();
  });

  it('without `windows`, takes the active tab as the one in front', async () => {
    const b = use(['windows'], { tabs: { get: (id: number) => ({ id, active: id === 5, windowId: 1 }) } });
    const { notifyRecovered, onNotificationClicked } = await import('../../src/background/notifications');
    await notifyRecovered(5, 'example.com');
    expect(b.notifications!.create).not.toHaveBeenCalled();
    await notifyRecovered(6, 'example.com');
    expect(b.notifications!.create).toHaveBeenCalledWith(
      'recovered:6',
      expect.objectContaining({ title: 'example.com is back' }),
    );
    // Clicking it brings the tab forward; there is no window to focus.
    b.tabs!.update.mockResolvedValue({ id: 6, windowId: 1 });
    await onNotificationClicked('recovered:6');
    expect(b.tabs!.update).toHaveBeenCalledWith(6, { active: true });
    expect(b.notifications!.clear).toHaveBeenCalledWith('recovered:6');
  });
});
