import type { ProviderOutage } from '../core/provider-outage';
import type { ProviderStatus } from '../core/provider-status';
import { t, tn, uiLocale } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import { useProviderStatus } from './use-provider-status';

/** "14:05", or with the date when it began on another day. */
function sinceText(since: number, now: number): string {
  const sameDay = new Date(since).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(
    uiLocale(),
    sameDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' },
  ).format(since);
}

// Functions, not keys, so every key is a literal the locale test can find.
const STATUS_LINES = {
  none: (name: string) => t('popup_provider_status_none', name),
  minor: (name: string) => t('popup_provider_status_minor', name),
  major: (name: string) => t('popup_provider_status_major', name),
  critical: (name: string) => t('popup_provider_status_critical', name),
};
const SINCE_LINES = {
  minor: (name: string, since: string) => t('popup_provider_status_minor_since', [name, since]),
  major: (name: string, since: string) => t('popup_provider_status_major_since', [name, since]),
  critical: (name: string, since: string) => t('popup_provider_status_critical_since', [name, since]),
};

function statusLine(name: string, status: ProviderStatus): string {
  const { indicator, since } = status;
  return indicator !== 'none' && since !== null
    ? SINCE_LINES[indicator](name, sinceText(since, Date.now()))
    : STATUS_LINES[indicator](name);
}

/**
 * Unrelated sites failing through one provider at once: its outage, not theirs. Where the provider
 * publishes a machine-readable status (and the setting allows), one line says what it reports; the
 * status page stays a plain link, requested only when clicked.
 */
export function ProviderOutageNotice({
  outage,
  readStatus,
}: {
  outage: ProviderOutage;
  readStatus: boolean;
}) {
  const name = layerName(outage.provider);
  const status = useProviderStatus(outage.provider, readStatus);
  const [first, ...rest] = outage.hosts;
  const sites = rest.length === 0 ? first! : tn('popup_outage_sites', rest.length, [first!]);
  return (
    <section class="provider-outage" aria-labelledby="provider-outage-title">
      <h2 id="provider-outage-title">{t('popup_outage_title', name)}</h2>
      <p>{t('popup_outage_explain', [sites, name])}</p>
      {status && (
        <p class="provider-status" data-indicator={status.indicator} role="status">
          {statusLine(name, status)}
        </p>
      )}
      {outage.statusPage && (
        <a class="status-link" href={outage.statusPage} target="_blank" rel="noreferrer">
          {t('popup_outage_status_page', name)}
          <span class="visually-hidden"> {t('popup_opens_new_tab')}</span>
        </a>
      )}
    </section>
  );
}
