import { t } from '../ui/i18n';
import type { SaveStatus } from './use-settings';

/**
 * One polite live region for every save. It is empty while a save runs, so each "Saved" is new
 * text that screen readers announce again; its box keeps its size, so nothing moves.
 */
export function SaveStatusLine({ status }: { status: SaveStatus }) {
  const text =
    status.state === 'saved'
      ? t('options_saved')
      : status.state === 'failed'
        ? t('options_notSaved', status.message)
        : '';
  return (
    <p class={`save-status ${status.state}`} role="status" data-testid="save-status">
      {text}
    </p>
  );
}
