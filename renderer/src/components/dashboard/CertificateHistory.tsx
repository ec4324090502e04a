import type { CertificateView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { localizeDates } from '../../lib/local-dates.ts';
import { useLoaded } from '../../lib/use-loaded.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';

/** Numbers each copy of a certificate the list holds: every load or event that may change its history makes a new copy. */
const copies = new WeakMap<CertificateView, number>();
let lastCopy = 0;
function copyKey(c: CertificateView): string {
  let n = copies.get(c);
  if (n === undefined) copies.set(c, (n = ++lastCopy));
  return `${c.id}#${n}`;
}

/**
 * A certificate's history log, newest first. The list holds no history (with thousands of
 * certificates it was a quarter of it), so it is read here, and read again with each new copy of
 * the certificate (a revoke, a renewal run, any certificates.changed).
 */
export function CertificateHistory({ certificate: c, withDetail }: { certificate: CertificateView; withDetail: boolean }) {
  const { data, error, retry } = useLoaded(() => api.getCertificate({ certificateId: c.id }), copyKey(c));
  if (error) return <ErrorPanel error={error} title="The history could not be loaded" onRetry={retry} />;
  // An earlier answer for another certificate (the site's current one changed) is not shown.
  if (!data || data.id !== c.id) return <Loading label="Loading the history…" />;
  if (!data.history.length) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="history">
      {[...data.history].reverse().map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <time dateTime={h.at}>{formatDateTime(h.at)}</time>
          <span className="history-event">{h.event}</span>
          {withDetail && h.detail && <span className="muted small block">{localizeDates(h.detail)}</span>}
        </li>
      ))}
    </ol>
  );
}
