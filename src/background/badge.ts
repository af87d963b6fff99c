/** The toolbar button of a failing tab: badge, icon and a title that says the state in words. */
import browser, { type Action } from 'webextension-polyfill';
import { failureOf } from '../core/net-errors';
import type { OriginSchedule, TabRecovery } from '../core/recovery-state';
import type { Settings } from '../core/settings';
import { failureTitle } from '../ui/failure-text';
import { formatNumber, formatTime, t } from '../ui/i18n';

type IconState = 'normal' | 'retrying' | 'gave-up';

const SIZES = [16, 32] as const;

function iconPaths(state: IconState): Record<string, string> {
  const name = state === 'normal' ? 'icon' : `icon-${state}`;
  return Object.fromEntries(SIZES.map((size) => [size, `icons/${name}-${size}.png`]));
}

type IconPixels = Record<number, ImageData>;
const decoded = new Map<IconState, Promise<IconPixels | null>>();

/**
 * The icon's pixels, decoded once per worker run. Given a `path`, Chromium 156's setIcon fetches and
 * decodes the PNGs again on every call in a service worker: with 20 failing sites that was half the
 * worker's CPU time (bench profile). Null where a page cannot decode (then the path is given).
 */
function iconPixels(state: IconState): Promise<IconPixels | null> {
  let pixels = decoded.get(state);
  if (!pixels) {
    pixels = decodeIcon(state).catch(() => null);
    decoded.set(state, pixels);
  }
  return pixels;
}

async function decodeIcon(state: IconState): Promise<IconPixels | null> {
  if (typeof OffscreenCanvas === 'undefined' || typeof createImageBitmap === 'undefined') return null;
  const entries = await Promise.all(
    Object.entries(iconPaths(state)).map(async ([size, path]) => {
      const bitmap = await createImageBitmap(await (await fetch(browser.runtime.getURL(path))).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(bitmap, 0, 0);
      return [size, context.getImageData(0, 0, bitmap.width, bitmap.height)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function setIcon(tabId: number, state: IconState): Promise<void> {
  const imageData = await iconPixels(state);
  await browser.action.setIcon(
    imageData
      ? { tabId, imageData: imageData as Record<number, Action.ImageDataType> }
      : { tabId, path: iconPaths(state) },
  );
}

export function badgeFor(
  tab: TabRecovery,
  origin: OriginSchedule | undefined,
  settings: Settings,
): { text: string; color: string; icon: IconState; title: string } {
  const failure = failureOf(tab);
  const code = failure ? failureTitle(failure) : String(tab.code);
  switch (tab.phase) {
    case 'waiting':
    case 'reloading': {
      const attempts = origin?.attempts ?? 0;
      const at = origin ? formatTime(origin.nextCheckAt) : '';
      return {
        text: attempts ? `↻${formatNumber(attempts)}` : '↻',
        color: '#b06000',
        icon: 'retrying',
        title: t('bg_titleRetrying', [
          code,
          tab.host,
          at,
          formatNumber(attempts),
          // The site's own allowance: "Try again" raises it above the settings' limit.
          formatNumber(origin?.allowance ?? settings.maxAttempts),
        ]),
      };
    }
    case 'gave-up':
      return { text: '✕', color: '#5f6368', icon: 'gave-up', title: t('bg_titleGaveUp', [code, tab.host]) };
    case 'stopped':
      return {
        text: '■',
        color: '#5f6368',
        icon: 'gave-up',
        title: t('bg_titleStopped', [code, tab.host]),
      };
    case 'answered-other': {
      // The page is there, with the site's own error: the button says which, and that nothing runs.
      const answer = String(tab.answeredWith ?? tab.code);
      return {
        text: answer,
        color: '#5f6368',
        icon: 'gave-up',
        title: t('bg_titleAnsweredOther', [answer, tab.host]),
      };
    }
    case 'not-retried':
      return {
        text: '!',
        color: '#c62828',
        icon: 'gave-up',
        title: t(tab.reason === 'post' ? 'bg_titlePost' : 'bg_titleNotRetried', [code, tab.host]),
      };
  }
}

/** Whether the tab's button would look and read the same with either schedule of its site. */
export function sameBadge(
  tab: TabRecovery,
  before: OriginSchedule,
  after: OriginSchedule | undefined,
  settings: Settings,
): boolean {
  try {
    const a = badgeFor(tab, before, settings);
    const b = badgeFor(tab, after, settings);
    return a.text === b.text && a.color === b.color && a.icon === b.icon && a.title === b.title;
  } catch {
    return false; // drawn again, where errors are ignored
  }
}

/** Errors are ignored: the tab may have closed between the change and this call. */
export async function showBadge(
  tabId: number,
  tab: TabRecovery | undefined,
  origin: OriginSchedule | undefined,
  settings: Settings,
): Promise<void> {
  try {
    if (!tab) {
      await Promise.all([
        browser.action.setBadgeText({ tabId, text: '' }),
        browser.action.setTitle({ tabId, title: null }),
        setIcon(tabId, 'normal'),
      ]);
      return;
    }
    const b = badgeFor(tab, origin, settings);
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: b.text }),
      browser.action.setBadgeBackgroundColor({ tabId, color: b.color }),
      browser.action.setTitle({ tabId, title: b.title }),
      setIcon(tabId, b.icon),
    ]);
  } catch {
    // The tab is gone.
  }
}
