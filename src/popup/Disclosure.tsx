import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

interface Props {
  summary: ComponentChildren;
  initiallyOpen: boolean;
  class?: string;
  children: ComponentChildren;
}

/** A `<details>` whose first state is chosen once: the live refresh never folds what the visitor opened. */
export function Disclosure({ summary, initiallyOpen, class: className, children }: Props) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details
      class={className}
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{summary}</summary>
      {open && <div class="disclosure-body">{children}</div>}
    </details>
  );
}
