import type { CertificateView } from '../../../../shared/api/views.ts';
import { daysLeftText, formatDate, hostOf } from '../../lib/format.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** Every certificate in one table: the accessible equivalent of the timeline. */
export function CertificateTable({ certificates, selected, onSelect, detailsId }: { certificates: CertificateView[]; selected: string | null; onSelect: (id: string | null) => void; detailsId: string }) {
  return (
    <div className="table-wrap">
      <table className="table cert-table">
        <caption className="sr-only">Certificates, their status, CA, expiry and next renewal</caption>
        <thead>
          <tr>
            <th scope="col">Names</th>
            <th scope="col">Status</th>
            <th scope="col">CA</th>
            <th scope="col">Expires</th>
            <th scope="col">Next renewal</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {certificates.map((c) => {
            const open = selected === c.id;
            return (
              <tr key={c.id} className={open ? 'is-selected' : undefined}>
                <th scope="row">
                  <span className="cert-name">{c.names[0]}</span>
                  {c.names.length > 1 && <span className="muted small block">+ {c.names.slice(1).join(', ')}</span>}
                </th>
                <td>
                  <StatusBadge certificate={c} />
                </td>
                <td>{hostOf(c.directoryUrl)}</td>
                <td>
                  {formatDate(c.notAfter)}
                  <span className="muted small block">{daysLeftText(c.notAfter)}</span>
                </td>
                <td>{c.nextRenewal ? formatDate(c.nextRenewal) : '—'}</td>
                <td className="cell-actions">
                  <button type="button" className="btn btn-small" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => onSelect(open ? null : c.id)}>
                    {open ? 'Hide' : 'Details'}
                    <span className="sr-only"> for {c.names[0]}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
