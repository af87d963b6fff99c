/** A load that got no answer, in the visitor's words: used where an HTTP error shows its code. */
import type { NetFailure } from '../core/net-errors';
import { t } from './i18n';

const TITLES: Record<NetFailure, () => string> = {
  refused: () => t('popup_failure_refused_title'),
  timeout: () => t('popup_failure_timeout_title'),
  dns: () => t('popup_failure_dns_title'),
  offline: () => t('popup_failure_offline_title'),
};

const MEANINGS: Record<NetFailure, () => string> = {
  refused: () => t('popup_failure_refused_meaning'),
  timeout: () => t('popup_failure_timeout_meaning'),
  dns: () => t('popup_failure_dns_meaning'),
  offline: () => t('popup_failure_offline_meaning'),
};

export function failureTitle(failure: NetFailure): string {
  return TITLES[failure]();
}

export function failureMeaning(failure: NetFailure): string {
  return MEANINGS[failure]();
}
