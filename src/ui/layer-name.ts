import { layerProduct } from '../core/layer';
import { t } from './i18n';

/**
 * A product's name (a brand, the same in every language); an unknown or retired id reads as
 * unrecognised. Shared by the popup and the options page's history.
 */
export function layerName(layer: string): string {
  return layerProduct(layer)?.name ?? t('popup_layer_unknown');
}
