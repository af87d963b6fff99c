import { t } from '../ui/i18n';
import type { PopupActions, PopupEnv } from './actions';
import { CopyButton } from './CopyButton';
import { ExpandRow } from './ExpandRow';

/**
 * A private tab's answer to "clear this site's data": the extension can clear only the normal
 * profile's (browsingData), which would sign the visitor out there and leave the private window's
 * cookies as they were. The browser's own way is given instead: a private window's data lasts until
 * the last private window closes.
 */
export function PrivateFreshStart({
  url,
  env,
  actions,
}: {
  url: string;
  env: PopupEnv;
  actions: PopupActions;
}) {
  return (
    <ExpandRow
      id="clear-cache"
      title={t('popup_fix_private_fresh')}
      onOpen={() => actions.markTried('clear-cache')}
    >
      <p>{t(`popup_private_fresh_${env.browser}`)}</p>
      <CopyButton text={url} label={t('popup_copy_link')} copy={actions.copy} />
    </ExpandRow>
  );
}
