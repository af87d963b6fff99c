import type { LayerId } from '../core/layer';
import type { HopState, Verdict } from '../core/verdict';
import { t } from '../ui/i18n';
import { layerName } from './format';

const MARK: Record<HopState, string> = { ok: '✓', failing: '✕', unknown: '?' };

/** The path of the request as three hops (like Cloudflare's error pages), each marked working or failing. */
export function HopDiagram({ hops, layer, host }: { hops: Verdict['hops']; layer: LayerId; host: string }) {
  const middle = layer === 'unknown' ? t('popup_hop_proxy') : layerName(layer);
  const items: [string, HopState, string?][] = [
    [t('popup_hop_browser'), hops.browser],
    [middle, hops.edge],
    [t('popup_hop_site'), hops.site, host],
  ];
  return (
    <ol class="hops" aria-label={t('popup_hops_label')}>
      {items.map(([label, state, title]) => (
        <li key={label} class={`hop hop-${state}`} title={title}>
          <span class="hop-mark" aria-hidden="true">
            {MARK[state]}
          </span>
          <span class="hop-label">{label}</span>
          <span class="visually-hidden">{t(`popup_hop_${state}`)}</span>
        </li>
      ))}
    </ol>
  );
}
