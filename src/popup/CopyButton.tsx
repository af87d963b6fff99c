import { useState } from 'preact/hooks';
import { t } from '../ui/i18n';

interface Props {
  text: string;
  label: string;
  /** Names the value in the button's accessible name ("Copy: …" in the visitor's language), where several copy buttons sit together. */
  describeValue?: boolean;
  copy(text: string): Promise<boolean>;
  onCopied?: () => void;
}

/** Copies `text` and says so next to the button (politely, for screen readers too) for a moment. */
export function CopyButton({ text, label, describeValue, copy, onCopied }: Props) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const click = async () => {
    const ok = await copy(text);
    setState(ok ? 'copied' : 'failed');
    if (ok) onCopied?.();
    setTimeout(() => setState('idle'), 2500);
  };
  return (
    <span class="copy">
      <button
        type="button"
        class="small"
        aria-label={describeValue ? t('popup_copy_value', text) : undefined}
        onClick={click}
      >
        {label}
      </button>
      <span class="copy-state" aria-live="polite">
        {state === 'copied' ? t('popup_copied') : state === 'failed' ? t('popup_copy_failed') : ''}
      </span>
    </span>
  );
}
