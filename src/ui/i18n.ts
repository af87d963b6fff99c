import browser from 'webextension-polyfill';

/** A message from `_locales`; a missing key shows the key itself so tests and screenshots catch it. */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Sets `<html lang>` and direction from the browser's UI language, for screen readers. */
export function applyDocumentLanguage(): void {
  document.documentElement.lang = browser.i18n.getUILanguage() || 'en';
}
