import { t } from './i18n';

/** "probably Heroku": a layer's name its evidence does not prove (see `core/layer-confidence.ts`). */
export function probablyName(name: string): string {
  return t('popup_layer_probable', name);
}
