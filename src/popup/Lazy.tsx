import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Renders a part from a module loaded when the part first shows: parts behind a click stay out of the
 * popup's first load. Nothing shows until the module is there; it is read from the extension's own files,
 * not the network.
 */
export function Lazy<M>({ load, render }: { load: () => Promise<M>; render(loaded: M): ComponentChildren }) {
  const [loaded, setLoaded] = useState<M | null>(null);
  useEffect(() => {
    let live = true;
    load().then((found) => {
      if (live) setLoaded(() => found);
    });
    return () => {
      live = false;
    };
  }, [load]);
  return loaded === null ? null : render(loaded);
}
