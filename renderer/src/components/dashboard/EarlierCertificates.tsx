import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate } from '../../lib/format.ts';

/** Why an earlier certificate of the site no longer counts. */
const ended = (c: CertificateView, now: number): string =>
  c.status === 'replaced' ? 'Replaced' : c.status === 'revoked' ? 'Revoked' : Date.parse(c.notAfter) <= now ? 'Expired' : 'Valid';

/** The site's certificates before the current one, newest first: its history, not rows of their own. */
export function EarlierCertificates({ earlier, now = Date.now() }: { earlier: readonly CertificateView[]; now?: number }) {
  if (!earlier.length) return null;
  return (
    <>
      <h3>Earlier certificates</h3>
      <ol className="history">
        {earlier.map((e) => (
          <li key={e.id}>
            <time dateTime={e.issuedAt}>{formatDate(e.issuedAt)}</time>
            <span className="history-event">{ended(e, now)}</span>
            <span className="muted small block">
              Valid {formatDate(e.notBefore)} to {formatDate(e.notAfter)}, serial <span className="mono break">{e.serial}</span>
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
