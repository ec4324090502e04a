import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate, hostOf } from '../../lib/format.ts';
import { useNav } from '../../store/nav-store.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';

/** The site's other valid certificates: each renews on its own, so the user should know of them. */
export function AlsoValid({ others }: { others: readonly CertificateView[] }) {
  return (
    <div className="notice notice-warning">
      <p className="notice-title">
        <StatusIcon kind="warning" /> {others.length + 1} valid certificates for these names
      </p>
      <ul className="plain-list">
        {others.map((o) => (
          <li key={o.id}>
            Also valid: issued {formatDate(o.issuedAt)} by {hostOf(o.directoryUrl)}, until {formatDate(o.notAfter)}, serial{' '}
            <span className="mono break">{o.serial}</span>
          </li>
        ))}
      </ul>
      <p>
        Each renews on its own. Keep the one your servers use; revoke or export the others from{' '}
        <a
          href="#/certificates"
          onClick={(e) => {
            e.preventDefault();
            useNav.getState().go('certificates');
          }}
        >
          Certificates
        </a>
        .
      </p>
    </div>
  );
}
