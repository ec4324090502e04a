import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import { daysLeftText, formatDate, hostOf, plural } from '../../lib/format.ts';
import { siteKey } from '../../../../shared/sites.ts';
import { siteHref, useNav } from '../../store/nav-store.ts';
import { HealthBadge, StatusBadge } from './StatusBadge.tsx';

interface Props {
  certificates: CertificateView[];
  renewals: ReadonlyMap<string, RenewalView>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  detailsId: string;
  /** Certificate ids with a "Renew now" under way. */
  renewing: readonly string[];
  onRenew: (id: string) => void;
}

/** The scheduler's plan for one certificate; without a renewal view, the stored nextRenewal. */
function NextRenewal({ certificate: c, renewal: r }: { certificate: CertificateView; renewal: RenewalView | undefined }) {
  if (!r) return <>{c.nextRenewal ? formatDate(c.nextRenewal) : '—'}</>;
  return (
    <>
      <HealthBadge renewal={r} />
      <span className="block">{r.renewAt ? formatDate(r.renewAt) : 'Not planned'}</span>
      {r.reason && <span className="muted small block">{r.reason}</span>}
      {!r.autoRenew && <span className="muted small block">Automatic renewal is off</span>}
      {r.failures > 0 && <span className="small block">{plural(r.failures, 'failed attempt')}</span>}
      {r.inFlight && <span className="small block">Order in flight</span>}
      {r.deployPending && <span className="small block">Deploy pending</span>}
    </>
  );
}

/** Every certificate in one table: the accessible equivalent of the timeline. */
export function CertificateTable({ certificates, renewals, selected, onSelect, detailsId, renewing, onRenew }: Props) {
  return (
    <div className="table-wrap">
      <table className="table cert-table">
        <caption className="sr-only">Certificates, their status, CA, expiry and next renewal</caption>
        <thead>
          <tr>
            <th scope="col">Names</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-ca">
              CA
            </th>
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
            const renewal = renewals.get(c.id);
            const busy = renewing.includes(c.id);
            return (
              <tr key={c.id} className={open ? 'is-selected' : undefined}>
                <th scope="row">
                  <a className="cert-name" href={siteHref(siteKey(c.names))} onClick={(e) => { e.preventDefault(); useNav.getState().openSite(siteKey(c.names)); }}>
                    {c.names[0]}
                  </a>
                  {c.names.length > 1 && <span className="muted small block">+ {c.names.slice(1).join(', ')}</span>}
                </th>
                <td>
                  <StatusBadge certificate={c} renewal={renewal} />
                </td>
                <td className="col-ca">{hostOf(c.directoryUrl)}</td>
                <td>
                  {formatDate(c.notAfter)}
                  <span className="muted small block">{daysLeftText(c.notAfter)}</span>
                </td>
                <td className="cell-renewal">
                  <NextRenewal certificate={c} renewal={renewal} />
                </td>
                <td className="cell-actions">
                  <div className="cell-buttons">
                    {c.status === 'valid' && (
                      // aria-disabled rather than disabled: the button keeps keyboard focus while it works.
                      <button type="button" className="btn btn-small" aria-disabled={busy} onClick={() => !busy && onRenew(c.id)}>
                        {busy ? 'Renewing…' : 'Renew now'}
                        <span className="sr-only"> for {c.names[0]}</span>
                      </button>
                    )}
                    <button type="button" className="btn btn-small" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => onSelect(open ? null : c.id)}>
                      {open ? 'Hide' : 'Details'}
                      <span className="sr-only"> for {c.names[0]}</span>
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
