import { useEffect, useId, useRef } from 'react';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate } from '../../lib/format.ts';
import { useNav } from '../../store/nav-store.ts';
import { useRenewal } from '../../store/renewal-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';

/**
 * These names already have a valid certificate: a second one would renew on its own. Offer to
 * renew that one now, or to replace it (the new one takes its place and its renewal settings).
 */
export function ExistingCertificate({ existing }: { existing: CertificateView }) {
  const id = useId();
  const replacesId = useWizard((s) => s.replacesId);
  const result = useRef<HTMLParagraphElement>(null);
  const chosen = replacesId === existing.id;
  useEffect(() => {
    if (chosen) result.current?.focus();
  }, [chosen]);

  function renew(): void {
    useNav.getState().go('certificates');
    void useRenewal.getState().renewNow(existing.id);
  }

  return (
    <section className="notice notice-warning" aria-labelledby={id}>
      <h3 id={id} className="notice-title">
        <StatusIcon kind="warning" /> {existing.names.join(', ')} already {existing.names.length > 1 ? 'have' : 'has'} a valid certificate
      </h3>
      <p>
        It is valid until {formatDate(existing.notAfter)} and renews on its own. A second certificate for the same names would renew
        separately, and nothing would say which one your server uses.
      </p>
      {chosen ? (
        <p ref={result} tabIndex={-1} role="status">
          <StatusIcon kind="ok" /> The new certificate will replace it: the old one stops renewing, and its renewal and deploy settings
          carry over.{' '}
          <button type="button" className="btn btn-quiet btn-small" onClick={() => useWizard.getState().update({ replacesId: null })}>
            Undo
          </button>
        </p>
      ) : (
        <div className="row-actions">
          <button type="button" className="btn btn-primary" onClick={renew}>
            Renew it now
          </button>
          <button type="button" className="btn" onClick={() => useWizard.getState().update({ replacesId: existing.id })}>
            Replace it with a new certificate
          </button>
        </div>
      )}
    </section>
  );
}
