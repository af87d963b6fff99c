import { proxyReport } from '../core/operator-report';
import { downCheckers, waybackUrl } from '../core/outside-checks';
import type { TabRecovery } from '../core/recovery-state';
import type { FixId } from '../core/verdict';
import { formatNumber, t } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import type { PopupActions, PopupEnv } from './actions';
import { ClearCacheFix } from './ClearCacheFix';
import { CopyButton } from './CopyButton';
import { ExpandRow } from './ExpandRow';
import { Lazy } from './Lazy';
import { PrivateFreshStart } from './PrivateFreshStart';
import { PrivateWindowFix } from './PrivateWindowFix';
import { QrCode } from './QrCode';

// The DNS advice is the longest panel and only a few visitors open it.
const loadDnsPanel = () => import('./DnsPanel');

interface Props {
  fixes: FixId[];
  tab: TabRecovery;
  /** The page's address to give the visitor (`shareableUrl`); null when only a cut one is known. */
  url: string | null;
  env: PopupEnv;
  actions: PopupActions;
}

/** Fixes that hand the visitor the page's address: left out when it is not known. */
const NEEDS_ADDRESS: ReadonlySet<FixId> = new Set(['private-window', 'archive']);

function FixBody({ fix, tab, url, env, actions }: { fix: FixId } & Omit<Props, 'fixes'>) {
  const tried = () => actions.markTried(fix);
  switch (fix) {
    case 'reload':
      return (
        <button type="button" class="fix-button" onClick={() => actions.reload(false)}>
          {t('popup_fix_reload')}
        </button>
      );
    case 'bypass-cache':
      return (
        <button type="button" class="fix-button" onClick={() => actions.reload(true)}>
          {t('popup_fix_bypass_cache')}
        </button>
      );
    case 'clear-cache':
      return tab.private ? (
        <PrivateFreshStart url={tab.url} env={env} actions={actions} />
      ) : (
        <ClearCacheFix host={tab.host} env={env} actions={actions} />
      );
    case 'private-window':
      return <PrivateWindowFix url={url!} env={env} actions={actions} />;
    case 'other-device':
      return (
        <ExpandRow id={fix} title={t('popup_fix_other_device')} onOpen={tried}>
          <p>{t('popup_other_device_explain')}</p>
          {url && <QrCode url={url} />}
          {url && <CopyButton text={url} label={t('popup_copy_link')} copy={actions.copy} />}
        </ExpandRow>
      );
    case 'other-network':
      return (
        <ExpandRow id={fix} title={t('popup_fix_other_network')} onOpen={tried}>
          <p>{t('popup_other_network_explain')}</p>
          {url && <QrCode url={url} />}
          {url && <CopyButton text={url} label={t('popup_copy_link')} copy={actions.copy} />}
        </ExpandRow>
      );
    case 'proxy-settings':
      return (
        <ExpandRow id={fix} title={t('popup_fix_proxy_settings')} onOpen={tried}>
          <ul class="steps">
            <li>{t('popup_proxy_settings_vpn')}</li>
            <li>
              {t(env.browser === 'firefox' ? 'popup_proxy_settings_firefox' : 'popup_proxy_settings_chrome')}
            </li>
            <li>{t('popup_proxy_settings_tools')}</li>
          </ul>
        </ExpandRow>
      );
    case 'ask-network-admin':
      return (
        <ExpandRow id={fix} title={t('popup_fix_ask_network_admin')} onOpen={tried}>
          <p>{t('popup_ask_network_admin_explain', layerName(tab.layer))}</p>
          <CopyButton
            text={proxyReport(tab, layerName(tab.layer), layerName)}
            label={t('popup_copy_details')}
            copy={actions.copy}
          />
        </ExpandRow>
      );
    case 'dns':
      return (
        <ExpandRow id={fix} title={t('popup_fix_dns')} onOpen={tried}>
          <Lazy
            load={loadDnsPanel}
            render={({ DnsPanel }) => <DnsPanel os={env.os} browser={env.browser} copy={actions.copy} />}
          />
        </ExpandRow>
      );
    case 'down-for-everyone':
      return (
        <ExpandRow id={fix} title={t('popup_fix_down_for_everyone')} onOpen={tried}>
          <p>{t('popup_down_explain')}</p>
          <ul class="links">
            {downCheckers(tab.url).map((checker) => (
              <li key={checker.host}>
                <a href={checker.href} target="_blank" rel="noreferrer">
                  {checker.host}
                </a>
              </li>
            ))}
          </ul>
        </ExpandRow>
      );
    case 'archive':
      return (
        <a class="fix-button" href={waybackUrl(url!)} target="_blank" rel="noreferrer" onClick={tried}>
          {t('popup_fix_archive')}
          <span class="visually-hidden"> {t('popup_opens_new_tab')}</span>
        </a>
      );
  }
}

/** Everything a visitor can try, in the verdict's order, each marked once tried for this incident. */
export function FixChecklist({ fixes, tab, url, env, actions }: Props) {
  const shown = url === null ? fixes.filter((fix) => !NEEDS_ADDRESS.has(fix)) : fixes;
  return (
    <ol class="fixes">
      {shown.map((fix, index) => {
        const tried = tab.triedFixes.includes(fix);
        return (
          <li key={fix} class={tried ? 'fix tried' : 'fix'} data-fix={fix}>
            <span class="fix-mark tabular" title={tried ? t('popup_tried') : undefined}>
              <span aria-hidden="true">{tried ? '✓' : formatNumber(index + 1)}</span>
              {tried && <span class="visually-hidden">{t('popup_tried')}</span>}
            </span>
            <div class="fix-body">
              <FixBody fix={fix} tab={tab} url={url} env={env} actions={actions} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
