import { useEffect, useRef, useState } from 'preact/hooks';
import { formatNumber, t } from '../ui/i18n';

interface Props {
  id: string;
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  onChange(value: number): void;
}

/** Typing waits this long before saving, so holding an arrow key does not spend the sync write quota. */
export const NUMBER_SAVE_DELAY_MS = 500;

export function parseWholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** A whole number within limits: checked as typed, saved shortly after, never saved while wrong. */
export function NumberSetting({ id, label, hint, value, min, max, onChange }: Props) {
  const [text, setText] = useState(String(value));
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; value: number } | null>(null);
  const parsed = parseWholeNumber(text, min, max);

  // A change from elsewhere (reset, another tab) shows here unless it is what is being typed.
  useEffect(() => {
    setText((current) => (parseWholeNumber(current, min, max) === value ? current : String(value)));
  }, [value, min, max]);

  const flush = () => {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = null;
    onChange(p.value);
  };

  useEffect(() => {
    addEventListener('pagehide', flush);
    return () => removeEventListener('pagehide', flush);
  });

  const onInput = (next: string) => {
    setText(next);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    const n = parseWholeNumber(next, min, max);
    if (n === null || n === value) return;
    pending.current = { value: n, timer: setTimeout(flush, NUMBER_SAVE_DELAY_MS) };
  };

  return (
    <div class="field">
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={text}
        aria-invalid={parsed === null}
        aria-describedby={`${id}-hint ${id}-error`}
        onInput={(e) => onInput(e.currentTarget.value)}
        onBlur={flush}
        onKeyDown={(e) => e.key === 'Enter' && flush()}
      />
      <p class="field-error" id={`${id}-error`}>
        {parsed === null ? t('options_numberError', [formatNumber(min), formatNumber(max)]) : ''}
      </p>
    </div>
  );
}
