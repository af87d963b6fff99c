import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../ui/i18n';

interface Props {
  id: string;
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm(): void;
}

/**
 * A button for something that cannot be undone: it asks on the same line first, with Cancel
 * focused, so a stray Enter changes nothing; Escape cancels too.
 */
export function ConfirmButton({ id, label, question, confirmLabel, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (returnFocus.current) start.current?.focus();
    returnFocus.current = false;
  }, [asking]);

  const close = () => {
    returnFocus.current = true;
    setAsking(false);
  };

  if (!asking) {
    return (
      <button type="button" id={id} ref={start} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a border and legend this one line does not want
    <span
      class="confirm"
      role="group"
      aria-labelledby={`${id}-question`}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <span id={`${id}-question`}>{question}</span>
      <button
        type="button"
        class="danger"
        id={`${id}-confirm`}
        onClick={() => {
          close();
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" ref={cancel} onClick={close}>
        {t('options_cancel')}
      </button>
    </span>
  );
}
