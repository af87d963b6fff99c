import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { shareableUrl } from '../core/bounds';
import type { Request, TabView } from '../core/messages';
import type { TabRecovery } from '../core/recovery-state';
import type { FixId } from '../core/verdict';
import { t } from '../ui/i18n';
import type { ClearOutcome, PopupActions, PopupEnv } from './actions';
import { send } from './background-client';
import { clearSiteData, copyText, openPrivateWindow } from './browser-fixes';
import { detectEnvironment } from './environment';
import { Popup } from './Popup';

const REFRESH_MS = 1000;
const TICK_MS = 250;
// An action's outcome stays long enough to read, then leaves the calm view alone.
const NOTICE_MS = 6000;
// Until the platform is known the advice is the generic one; it arrives within milliseconds.
const FIRST_ENV: PopupEnv = {
  os: 'other',
  browser: 'chrome',
  incognitoAllowed: false,
  canOpenWindows: false,
};

/** Keeps the tab's view live (polling plus session-storage changes) and wires the actions. */
export function App({ tabId, initialView = null }: { tabId: number; initialView?: TabView | null }) {
  const [view, setView] = useState<TabView | null>(initialView);
  const [failed, setFailed] = useState(false);
  const [env, setEnv] = useState(FIRST_ENV);
  const [now, setNow] = useState(Date.now());
  const [notice, setNoticeText] = useState('');
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Actions read the latest tab without being rebuilt on every refresh.
  const tabRef = useRef<TabRecovery | null>(null);
  tabRef.current = view?.tab ?? null;
  // The address the tab shows: storage keeps a cut one past 2 KB, which is never given to the visitor.
  const [address, setAddress] = useState<string | undefined>(undefined);
  const addressRef = useRef<string | undefined>(undefined);
  addressRef.current = address;

  useEffect(() => {
    let live = true;
    const refresh = () => {
      browser.tabs.get(tabId).then(
        (tab) => live && setAddress(tab.url),
        () => {},
      );
      return send({ type: 'get-tab', tabId }).then(
        (next) => {
          if (!live) return;
          setView(next);
          setFailed(false);
        },
        () => live && setFailed(true),
      );
    };
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'session') refresh();
    };
    refresh();
    detectEnvironment().then((found) => live && setEnv(found));
    const poll = setInterval(refresh, REFRESH_MS);
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      clearInterval(poll);
      clearInterval(tick);
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);

  const actions = useMemo((): PopupActions => {
    const setNotice = (text: string) => {
      clearTimeout(noticeTimer.current);
      setNoticeText(text);
      noticeTimer.current = setTimeout(() => setNoticeText(''), NOTICE_MS);
    };
    const request = (req: Request & { type: 'retry-now' | 'stop' | 'resume' | 'mark-fix' }) =>
      send(req).then(setView, () => setFailed(true));
    const markTried = (fix: FixId) => request({ type: 'mark-fix', tabId, fix });
    const reload = (bypassCache: boolean) => browser.tabs.reload(tabId, { bypassCache });
    return {
      retryNow: () => {
        setNotice(t('popup_notice_retrying'));
        request({ type: 'retry-now', tabId });
      },
      stop: () => {
        setNotice(t('popup_notice_stopped'));
        request({ type: 'stop', tabId });
      },
      resume: () => {
        setNotice(t('popup_notice_resumed'));
        request({ type: 'resume', tabId });
      },
      reload: (bypassCache) => {
        setNotice(t('popup_notice_reloading'));
        reload(bypassCache);
        markTried(bypassCache ? 'bypass-cache' : 'reload');
      },
      resendForm: () => {
        setNotice(t('popup_notice_resending'));
        reload(false);
      },
      clearSiteData: async (withCookies) => {
        const tab = tabRef.current;
        if (!tab) return 'failed';
        setNotice(t('popup_notice_clearing'));
        const outcome: ClearOutcome = await clearSiteData(tab, withCookies);
        setNotice(t(`popup_clear_${outcome}`));
        if (outcome === 'done') {
          await markTried('clear-cache');
          // Reloading the answer to a form would send the form again.
          if (tab.method === 'GET') await reload(false);
        }
        return outcome;
      },
      openPrivateWindow: async () => {
        const tab = tabRef.current;
        if (!tab) return false;
        const url = shareableUrl(tab.url, addressRef.current);
        if (url === null) return false;
        const opened = await openPrivateWindow(url);
        if (opened) markTried('private-window');
        return opened;
      },
      markTried,
      copy: copyText,
      openSettings: () => void browser.runtime.openOptionsPage(),
    };
  }, [tabId]);

  if (failed && !view) return <p role="alert">{t('popup_no_answer')}</p>;
  if (!view) return null;
  return <Popup view={view} now={now} env={env} actions={actions} notice={notice} address={address} />;
}
