/** Views, actions and a renderer for the popup's component tests: the popup renders from props alone. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { TabView } from '../../../src/core/messages';
import type { OriginSchedule, TabRecovery } from '../../../src/core/recovery-state';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import type { PopupActions, PopupEnv } from '../../../src/popup/actions';
import { Popup } from '../../../src/popup/Popup';

export const NOW = Date.UTC(2025, 0, 15, 9, 30);

export function makeTab(over: Partial<TabRecovery> = {}): TabRecovery {
  return {
    tabId: 7,
    url: 'https://shop.example.com/cart?id=3',
    origin: 'https://shop.example.com',
    host: 'shop.example.com',
    code: 502,
    method: 'GET',
    layer: 'cloudflare',
    headers: [
      ['server', 'cloudflare'],
      ['cf-ray', '8f2a3b4c5d6e7f80-NRT'],
    ],
    retryAfterSeconds: null,
    requestMs: 640,
    startedAt: NOW - 90_000,
    phase: 'waiting',
    reloadedAt: null,
    recorded: false,
    triedFixes: [],
    visible: true,
    windowId: 1,
    lastLoadAt: NOW - 90_000,
    pageIntervalMs: null,
    ...over,
  };
}

export function makeOrigin(over: Partial<OriginSchedule> = {}): OriginSchedule {
  return {
    origin: 'https://shop.example.com',
    probeUrl: 'https://shop.example.com/cart?id=3',
    attempts: 3,
    allowance: 20,
    requests: [],
    checkBy: 'fetch',
    forgetAt: null,
    nextCheckAt: NOW + 12_000,
    notBefore: 0,
    checkingSince: null,
    checkingBy: null,
    lastCheck: null,
    checks: [],
    startedAt: NOW - 90_000,
    ...over,
  };
}

export function makeView(over: Partial<TabView> = {}): TabView {
  const tab = over.tab === undefined ? makeTab() : over.tab;
  return {
    now: NOW,
    online: true,
    tab,
    origin: tab ? makeOrigin() : null,
    settings: { ...DEFAULT_SETTINGS },
    siteHistory: [],
    providerOutage: null,
    visitorNetwork: null,
    ...over,
  };
}

export const CHROME_LINUX: PopupEnv = {
  os: 'linux',
  browser: 'chrome',
  incognitoAllowed: false,
  canOpenWindows: true,
};

export type SpyActions = { [K in keyof PopupActions]: ReturnType<typeof vi.fn> & PopupActions[K] };

export function spyActions(): SpyActions {
  return {
    retryNow: vi.fn(),
    stop: vi.fn(),
    resume: vi.fn(),
    reload: vi.fn(),
    resendForm: vi.fn(),
    clearSiteData: vi.fn(async () => 'done' as const),
    openPrivateWindow: vi.fn(async () => true),
    markTried: vi.fn(),
    copy: vi.fn(async () => true),
    openSettings: vi.fn(),
  } as SpyActions;
}

export interface Rendered {
  root: HTMLElement;
  actions: SpyActions;
  /** Renders again with another view or clock, as the live refresh does. */
  update(view: TabView, now?: number): void;
  unmount(): void;
}

export function renderPopup(
  view: TabView,
  options: { now?: number; env?: PopupEnv; actions?: SpyActions; notice?: string; address?: string } = {},
): Rendered {
  const root = document.createElement('main');
  document.body.append(root);
  const actions = options.actions ?? spyActions();
  const env = options.env ?? CHROME_LINUX;
  const draw = (v: TabView, now: number) =>
    act(() => {
      render(
        <Popup
          view={v}
          now={now}
          env={env}
          actions={actions}
          notice={options.notice ?? ''}
          address={options.address}
        />,
        root,
      );
    });
  draw(view, options.now ?? NOW);
  return {
    root,
    actions,
    update: (v, now = NOW) => draw(v, now),
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
}

export async function click(element: Element | null | undefined): Promise<void> {
  if (!element) throw new Error('nothing to click');
  await act(async () => {
    (element as HTMLElement).click();
  });
}

/** Buttons and links by their visible text. */
export function byText<T extends Element = HTMLElement>(root: Element, selector: string, text: string): T {
  const found = [...root.querySelectorAll<T>(selector)].find((e) => e.textContent?.trim() === text);
  if (!found) throw new Error(`no ${selector} reads "${text}"`);
  return found;
}
