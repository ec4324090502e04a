import type { SiteRow } from '../../../../shared/sites.ts';
import { daysLeftText, formatDate, hostOf } from '../../lib/format.ts';
import { siteHref, useNav } from '../../store/nav-store.ts';
import { OtherValidCertificates } from './OtherValidCertificates.tsx';
import type { SiteTableProps } from './SiteTable.tsx';
import { NextRenewal } from './NextRenewal.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** One site: its names (a link to its page), and the certificate it uses now with its actions. */
export function SiteTableRow({
  site,
  renewals,
  selected,
  onSelect,
  detailsId,
  renewing,
  onRenew,
}: Omit<SiteTableProps, 'sites'> & { site: SiteRow }) {
  const c = site.shown;
  const open = selected === c.id;
  const renewal = renewals.get(c.id);
  const busy = renewing.includes(c.id);
  return (
    <tr className={open ? 'is-selected' : undefined}>
      <th scope="row">
        <a
          className="cert-name"
          href={siteHref(site.key)}
          onClick={(e) => {
            e.preventDefault();
            useNav.getState().openSite(site.key);
          }}
        >
          {c.names[0]}
        </a>
        {c.names.length > 1 && <span className="muted small block">+ {c.names.slice(1).join(', ')}</span>}
        {site.alsoValid.length > 0 && (
          <OtherValidCertificates others={site.alsoValid} selected={selected} onSelect={onSelect} detailsId={detailsId} />
        )}
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
        <NextRenewal renewal={renewal} />
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
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            onClick={() => onSelect(open ? null : c.id)}
          >
            {open ? 'Hide' : 'Details'}
            <span className="sr-only"> for {c.names[0]}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}
