import { useEffect, useRef, useState } from 'react';
import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import { daysLeftText, formatDate } from '../../lib/format.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { ExportForm } from '../export/ExportForm.tsx';
import { renewalWindowStart } from './timeline-geometry.ts';
import { RenewalSettingsForm } from '../renewal-settings/RenewalSettingsForm.tsx';
import { RevokeForm } from './RevokeForm.tsx';
import { CertificateHistory } from './CertificateHistory.tsx';
import { EarlierCertificates } from './EarlierCertificates.tsx';
import { RenewalFacts } from './RenewalFacts.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** One certificate in full: facts, renewal, history log, export, renewal settings and revoke. */
export function CertificateDetails({
  certificate: c,
  renewal,
  earlier = [],
  id,
}: {
  certificate: CertificateView;
  renewal: RenewalView | undefined;
  /** The site's earlier certificates (replaced, revoked, expired), newest first: its history. */
  earlier?: readonly CertificateView[];
  id: string;
}) {
  const [panel, setPanel] = useState<'none' | 'export' | 'renewal' | 'revoke'>('none');
  const account = useAccounts((s) => s.accounts?.find((a) => a.id === c.accountId));
  const statusResult = useFocusResult<HTMLDivElement>();
  const shownStatus = useRef(c.status);
  useEffect(() => {
    // Revoked (the revoke form is gone with it): focus goes to the certificate's new status.
    if (shownStatus.current !== c.status) statusResult.done();
    shownStatus.current = c.status;
  }, [c.status, statusResult]);
  const usable = c.status !== 'revoked' && Date.parse(c.notAfter) > Date.now();
  return (
    <section id={id} className="card details" aria-labelledby={`${id}-h`}>
      <div ref={statusResult.ref} tabIndex={-1} className="details-head focus-target">
        <h2 id={`${id}-h`}>{c.names[0]}</h2>
        <StatusBadge certificate={c} renewal={renewal} />
      </div>
      <dl className="kv kv-grid">
        <dt>Names</dt>
        <dd>{c.names.join(', ')}</dd>
        <dt>Valid</dt>
        <dd>
          {formatDate(c.notBefore)} to {formatDate(c.notAfter)} ({daysLeftText(c.notAfter)})
        </dd>
        {renewal ? (
          <RenewalFacts renewal={renewal} />
        ) : (
          <>
            <dt>Renewal window</dt>
            <dd>from {formatDate(renewalWindowStart(c.notBefore, c.notAfter))}</dd>
          </>
        )}
        <dt>CA directory</dt>
        <dd className="break mono">{c.directoryUrl}</dd>
        <dt>Account</dt>
        <dd className="break mono">{account?.accountUrl ?? c.accountId}</dd>
        <dt>Key</dt>
        <dd>{c.keyType}</dd>
        <dt>Serial</dt>
        <dd className="break mono">{c.serial}</dd>
      </dl>

      <h3>History</h3>
      <CertificateHistory certificate={c} withDetail />

      <EarlierCertificates earlier={earlier} />

      <div className="row-actions">
        {/* A revoked or expired certificate is of no use to a server: nothing to export. */}
        {usable && (
          <button
            type="button"
            className="btn"
            aria-expanded={panel === 'export'}
            onClick={() => setPanel(panel === 'export' ? 'none' : 'export')}
          >
            Export files
          </button>
        )}
        {c.status === 'valid' && (
          <button
            type="button"
            className="btn"
            aria-expanded={panel === 'renewal'}
            onClick={() => setPanel(panel === 'renewal' ? 'none' : 'renewal')}
          >
            Renewal &amp; deploy settings
          </button>
        )}
        {c.status === 'valid' && (
          <button
            type="button"
            className="btn btn-danger-quiet"
            aria-expanded={panel === 'revoke'}
            onClick={() => setPanel(panel === 'revoke' ? 'none' : 'revoke')}
          >
            Revoke…
          </button>
        )}
      </div>
      {panel === 'export' && usable && (
        <section className="subpanel" aria-label="Export">
          <h3>Export</h3>
          <ExportForm certificate={c} />
        </section>
      )}
      {panel === 'renewal' && c.status === 'valid' && (
        <section className="subpanel" aria-labelledby={`${id}-rs`}>
          <h3 id={`${id}-rs`}>Renewal &amp; deploy</h3>
          <RenewalSettingsForm certificate={c} />
        </section>
      )}
      {panel === 'revoke' && c.status === 'valid' && (
        <section className="subpanel subpanel-danger" aria-label="Revoke">
          <h3>Revoke</h3>
          <RevokeForm certificate={c} />
        </section>
      )}
    </section>
  );
}
