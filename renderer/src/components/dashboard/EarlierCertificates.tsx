import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate } from '../../lib/format.ts';

/** The certificates this one replaced, newest first: the site's history, not rows of their own. */
export function EarlierCertificates({ earlier }: { earlier: readonly CertificateView[] }) {
  if (!earlier.length) return null;
  return (
    <>
      <h3>Earlier certificates</h3>
      <ol className="history">
        {earlier.map((e) => (
          <li key={e.id}>
            <time dateTime={e.issuedAt}>{formatDate(e.issuedAt)}</time>
            <span className="history-event">Replaced</span>
            <span className="muted small block">
              Valid {formatDate(e.notBefore)} to {formatDate(e.notAfter)}, serial <span className="mono break">{e.serial}</span>
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
