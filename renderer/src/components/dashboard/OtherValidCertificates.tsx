import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate, hostOf } from '../../lib/format.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';

interface Props {
  /** The site's valid certificates besides the one its row shows, newest first. */
  others: readonly CertificateView[];
  selected: string | null;
  onSelect: (id: string | null) => void;
  detailsId: string;
}

/**
 * A site with more than one valid certificate (one was issued anyway): each renews on its own and
 * nothing says which one a server uses, so each stays reachable here to be revoked or exported.
 */
export function OtherValidCertificates({ others, selected, onSelect, detailsId }: Props) {
  return (
    <div className="site-others">
      <span className="warning-text small block">
        <StatusIcon kind="warning" /> {others.length + 1} valid certificates
      </span>
      <ul className="plain-list small">
        {others.map((o) => {
          const open = selected === o.id;
          const when = formatDate(o.issuedAt);
          return (
            <li key={o.id}>
              Also valid: issued {when}, {hostOf(o.directoryUrl)}, until {formatDate(o.notAfter)}{' '}
              <button
                type="button"
                className="btn btn-quiet btn-small"
                aria-expanded={open}
                aria-controls={open ? detailsId : undefined}
                onClick={() => onSelect(open ? null : o.id)}
              >
                {open ? 'Hide' : 'Details'}
                <span className="sr-only">, certificate issued {when}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
