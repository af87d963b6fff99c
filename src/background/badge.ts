/** The toolbar button of a failing tab: badge, icon and a title that says the state in words. */
import browser from 'webextension-polyfill';
import type { OriginSchedule, TabRecovery } from '../core/recovery-state';
import type { Settings } from '../core/settings';
import { formatNumber, formatTime, t } from '../ui/i18n';

type IconState = 'normal' | 'retrying' | 'gave-up';

function iconPaths(state: IconState): Record<string, string> {
  const name = state === 'normal' ? 'icon' : `icon-${state}`;
  return { 16: `icons/${name}-16.png`, 32: `icons/${name}-32.png` };
}

export function badgeFor(
  tab: TabRecovery,
  origin: OriginSchedule | undefined,
  settings: Settings,
): { text: string; color: string; icon: IconState; title: string } {
  const code = String(tab.code);
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
          formatNumber(settings.maxAttempts),
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
    case 'not-retried':
      return {
        text: '!',
        color: '#c62828',
        icon: 'gave-up',
        title: t(tab.reason === 'post' ? 'bg_titlePost' : 'bg_titleNotRetried', [code, tab.host]),
      };
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
        browser.action.setIcon({ tabId, path: iconPaths('normal') }),
      ]);
      return;
    }
    const b = badgeFor(tab, origin, settings);
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: b.text }),
      browser.action.setBadgeBackgroundColor({ tabId, color: b.color }),
      browser.action.setTitle({ tabId, title: b.title }),
      browser.action.setIcon({ tabId, path: iconPaths(b.icon) }),
    ]);
  } catch {
    // The tab is gone.
  }
}
