import { useEffect, useState } from 'preact/hooks';
import { withoutCredentials } from '../core/bounds';
import { t } from '../ui/i18n';

const QUIET_ZONE = 2;

/** One SVG path of the dark modules, built from the encoded matrix: no markup strings, no innerHTML. */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`);
    });
  });
  return parts.join('');
}

/** The page's address as a QR code, for a phone; the encoder loads only when asked for. */
export function QrCode({ url }: { url: string }) {
  const [modules, setModules] = useState<boolean[][] | null>(null);
  useEffect(() => {
    let live = true;
    import('uqr').then(({ encode }) => {
      if (!live) return;
      try {
        // A password in the address never goes into a picture someone else's phone may read.
        setModules(encode(withoutCredentials(url), { border: 0 }).data);
      } catch {
        // Past about 2.9 KB no QR code holds the address: the link to copy stays.
        setModules(null);
      }
    });
    return () => {
      live = false;
    };
  }, [url]);
  const size = (modules?.length ?? 0) + QUIET_ZONE * 2;
  return (
    <div class="qr">
      {modules && (
        <svg
          role="img"
          aria-label={t('popup_qr_label')}
          viewBox={`0 0 ${size} ${size}`}
          width="168"
          height="168"
          shape-rendering="crispEdges"
        >
          <rect width={size} height={size} fill="#fff" />
          <path d={qrPath(modules)} fill="#000" />
        </svg>
      )}
    </div>
  );
}
