import type { ProviderOutage } from '../core/provider-outage';
import { t, tn } from '../ui/i18n';
import { layerName } from './format';

/**
 * Unrelated sites failing through one provider at once: its outage, not theirs. The status page is a
 * plain link from a fixed list; nothing is requested from it until the visitor clicks.
 */
export function ProviderOutageNotice({ outage }: { outage: ProviderOutage }) {
  const name = layerName(outage.provider);
  const [first, ...rest] = outage.hosts;
  const sites = rest.length === 0 ? first! : tn('popup_outage_sites', rest.length, [first!]);
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
