import { isProbable, layerNames, type NamedReading } from '../core/layer-confidence';
import type { Hop, HopState } from '../core/verdict';
import { t } from '../ui/i18n';
import { layerName } from '../ui/layer-name';
import { probablyName } from '../ui/probable-name';

const MARK: Record<HopState, string> = { ok: '✓', failing: '✕', unknown: '?' };

function labels(hop: Hop, reading: NamedReading, layered: boolean): [label: string, caption?: string] {
  const name = layerNames(reading, layerName, probablyName).of;
  switch (hop.kind) {
    case 'browser':
      return [t('popup_hop_browser')];
    case 'proxy':
      return [hop.layer === 'unknown' ? t('popup_hop_proxy') : name(hop.layer), t('popup_hop_your_network')];
    case 'edge':
      if (hop.layer === 'unknown') return [t('popup_hop_proxy')];
      // In a chain of edges, which of them sent the error is the point of the picture.
      return [
        name(hop.layer),
        layered && hop.layer === reading.layer
          ? t(isProbable(reading) ? 'popup_hop_sent_error_probable' : 'popup_hop_sent_error')
          : undefined,
      ];
    case 'site':
      return [t('popup_hop_site'), hop.layer === 'unknown' ? undefined : name(hop.layer)];
  }
}

/**
 * The path of the request, like Cloudflare's error pages draw it: the browser, a proxy on the
 * visitor's network if one wrote the error, the edges in front of the site (the outermost and the one
 * that sent the error), and the site, each marked working, failing or unknown.
 */
export function HopDiagram({ hops, reading, host }: { hops: Hop[]; reading: NamedReading; host: string }) {
  const layered = hops.filter((hop) => hop.kind === 'edge').length > 1;
  return (
    <ol class="hops" aria-label={t('popup_hops_label')}>
      {hops.map((hop, index) => {
        const [label, caption] = labels(hop, reading, layered);
        return (
          <li
            key={`${hop.kind}-${hop.layer}-${index}`}
            class={`hop hop-${hop.state}`}
            data-kind={hop.kind}
            title={hop.kind === 'site' ? host : undefined}
          >
            <span class="hop-mark" aria-hidden="true">
              {MARK[hop.state]}
            </span>
            <span class="hop-label">{label}</span>
            {caption && <span class="hop-caption">{caption}</span>}
            <span class="visually-hidden">{t(`popup_hop_${hop.state}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}
