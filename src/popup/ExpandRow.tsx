import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** A row whose button reveals more; opening it counts as trying the fix. */
export function ExpandRow({
  id,
  title,
  onOpen,
  children,
}: {
  id: string;
  title: string;
  onOpen(): void;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="fix-button"
        aria-expanded={open}
        aria-controls={`fix-panel-${id}`}
        onClick={() => {
          if (!open) onOpen();
          setOpen(!open);
        }}
      >
        {title}
        <span class="chevron" aria-hidden="true" />
      </button>
      <div id={`fix-panel-${id}`} class="fix-panel" hidden={!open}>
        {open && children}
      </div>
    </>
  );
}
