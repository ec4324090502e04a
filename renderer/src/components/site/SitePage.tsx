import { useEffect, useMemo } from 'react';
import { groupSites, isLive, siteRow } from '../../../../shared/sites.ts';
import { daysLeftText, formatDate, formatDateTime, hostOf } from '../../lib/format.ts';
import { useCertificates } from '../../store/certificates-store.ts';
import { useNav } from '../../store/nav-store.ts';
import { renewalsById, useRenewal } from '../../store/renewal-store.ts';
import { startWizard } from '../../store/start-wizard.ts';
import { EmptyState } from '../common/EmptyState.tsx';
import { Loading } from '../common/Loading.tsx';
import { PageHeading } from '../common/PageHeading.tsx';
import { CertificateHistory } from '../dashboard/CertificateHistory.tsx';
import { EarlierCertificates } from '../dashboard/EarlierCertificates.tsx';
import { HealthBadge, StatusBadge } from '../dashboard/StatusBadge.tsx';
import { AlsoValid } from './AlsoValid.tsx';
import { DeployTargets } from './DeployTargets.tsx';
import { RecordHealth } from './RecordHealth.tsx';

/**
 * One site (one set of names) as a whole: its current certificate, the record's health on each
 * DNS server, where renewals are deployed, the last and next renewal, and its history.
 */
export function SitePage() {
  const key = useNav((s) => s.site) ?? '';
  const certificates = useCertificates((s) => s.certificates);
  const overview = useRenewal((s) => s.overview);
  const renewals = useMemo(() => renewalsById(overview), [overview]);
  useEffect(() => {
    if (!useCertificates.getState().certificates) void useCertificates.getState().refresh();
    if (!useRenewal.getState().overview) void useRenewal.getState().refresh();
  }, []);
  if (!certificates) return <Loading label="Loading the site…" />;
  const site = groupSites(certificates).find((s) => s.key === key);
  if (!site) {
    return (
      <>
        <PageHeading>Site not found</PageHeading>
        <EmptyState title="No certificate for these names">
          <p>Nothing in PersistCert is for {key || 'this address'}. Open Certificates to see every site.</p>
        </EmptyState>
      </>
    );
  }
  const row = siteRow(site, Date.now());
  const current = row.shown;
  const renewal = renewals.get(current.id);
  const live = isLive(current, Date.now());
  return (
    <>
      <PageHeading lead={site.names.join(', ')}>{site.names[0]}</PageHeading>
      <section className="card" aria-labelledby="site-current">
        <div className="details-head">
          <h2 id="site-current">Current certificate</h2>
          <StatusBadge certificate={current} renewal={renewal} />
        </div>
        <dl className="kv kv-grid">
          <dt>Valid</dt>
          <dd>
            {formatDate(current.notBefore)} to {formatDate(current.notAfter)} ({daysLeftText(current.notAfter)})
          </dd>
          <dt>CA</dt>
          <dd className="break">{hostOf(current.directoryUrl)}</dd>
          <dt>Last renewal</dt>
          <dd>{row.history.length ? formatDateTime(current.issuedAt) : `None yet (issued ${formatDateTime(current.issuedAt)})`}</dd>
          <dt>Next renewal</dt>
          <dd>
            {renewal && <HealthBadge renewal={renewal} />} {renewal?.renewAt ? formatDateTime(renewal.renewAt) : 'Not planned'}
            {renewal?.reason && <span className="muted small block">{renewal.reason}</span>}
          </dd>
        </dl>
        {row.alsoValid.length > 0 && <AlsoValid others={row.alsoValid} />}
        {!live && (
          <button type="button" className="btn btn-primary" onClick={() => startWizard(site.names)}>
            Issue a replacement
          </button>
        )}
      </section>
      {live && <RecordHealth certificate={current} />}
      {live && <DeployTargets certificateId={current.id} />}
      <section className="card" aria-labelledby="site-history">
        <h2 id="site-history">History</h2>
        <CertificateHistory certificate={current} withDetail={false} />
        <EarlierCertificates earlier={row.history} />
      </section>
    </>
  );
}
