import type { ProviderOutage } from '../core/provider-outage';
import { t } from '../ui/i18n';
import { layerName } from '../ui/layer-name';

/**
 * Unrelated sites failing through one provider at once: its outage, not theirs. The status page is a
 * plain link from a fixed list; nothing is requested from it until the visitor clicks.
 */
export function ProviderOutageNotice({ outage }: { outage: ProviderOutage }) {
  const name = layerName(outage.provider);
  const [first, ...rest] = outage.hosts;
  const sites = rest.length === 0 ? first! : t('popup_outage_sites', [first!, String(rest.length)]);
  return (
    <section class="provider-outage" aria-labelledby="provider-outage-title">
      <h2 id="provider-outage-title">{t('popup_outage_title', name)}</h2>
      <p>{t('popup_outage_explain', [sites, name])}</p>
      {outage.statusPage && (
        <a class="status-link" href={outage.statusPage} target="_blank" rel="noreferrer">
          {t('popup_outage_status_page', name)}
          <span class="visually-hidden"> {t('popup_opens_new_tab')}</span>
        </a>
      )}
    </section>
  );
}
