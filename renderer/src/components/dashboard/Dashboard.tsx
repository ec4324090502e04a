import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { byIso, siteKey, siteRows } from '../../../../shared/sites.ts';
import { useCertificates } from '../../store/certificates-store.ts';
import { refreshOnArrival } from '../../store/dashboard-data.ts';
import { renewalsById, useRenewal } from '../../store/renewal-store.ts';
import { startWizard } from '../../store/start-wizard.ts';
import { EmptyState } from '../common/EmptyState.tsx';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { PageHeading } from '../common/PageHeading.tsx';
import { CertificateDetails } from './CertificateDetails.tsx';
import { CertificateFinder } from './CertificateFinder.tsx';
import { filterByName, pageOf } from './certificate-query.ts';
import { RenewalPanel } from './RenewalPanel.tsx';
import { SiteTable } from './SiteTable.tsx';
import { Timeline } from './Timeline.tsx';
import { TIMELINE_ROW_LIMIT } from './timeline-buckets.ts';
import { UncoveredSites } from './UncoveredSites.tsx';
import { WeeklyTimeline } from './WeeklyTimeline.tsx';

/** The timeline's rows before the first deferred render: drawn as "loading", not as an empty timeline. */
const NO_ROWS: CertificateView[] = [];

/** "Certificates": what you have, when each expires and renews, and what happened. */
export function Dashboard() {
  const { certificates, loading, error, refresh } = useCertificates();
  const overview = useRenewal((s) => s.overview);
  const renewing = useRenewal((s) => s.pending);
  const renewals = useMemo(() => renewalsById(overview), [overview]);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [pageNumber, setPageNumber] = useState(0);
  const detailsId = useId();

  // Fresh on arrival, unless the boot prefetch (main.tsx) loaded it for this visit.
  useEffect(() => {
    refreshOnArrival();
  }, []);

  const chosen = certificates?.find((c) => c.id === selected) ?? null;
  // The banners and the timeline are drawn after the table: with thousands of certificates the
  // rows are what the user looks for first, so they are painted before these summaries are built.
  const later = useDeferredValue(certificates, null);
  const sorted = useMemo(() => (later ? [...later].sort((a, b) => byIso(a.notAfter, b.notAfter)) : null), [later]);
  // One row per site (a set of names) with the certificate it uses; replaced, revoked and expired
  // ones beside a valid one fold into its history: no rows, no timeline bars of their own.
  const sites = useMemo(() => siteRows(certificates ?? [], Date.now()), [certificates]);
  // The open certificate's site history (a certificate revoked from the details is in it now).
  const chosenKey = chosen ? siteKey(chosen.names) : null;
  const earlier = sites.find((s) => s.key === chosenKey)?.history.filter((c) => c.id !== chosen?.id) ?? [];
  const matching = useMemo(() => filterByName(sites, query), [sites, query]);
  // Built once per change of the certificates, not per keystroke in the filter: with thousands,
  // re-rendering the banners and the timeline made typing slow.
  const uncovered = useMemo(() => <UncoveredSites certificates={sorted ?? []} />, [sorted]);
  // The timeline's certificates (each site's shown and other valid ones) are gathered in the deferred render too.
  const laterSites = useDeferredValue(sites, null);
  const laterRows = useMemo(
    () => (laterSites ? laterSites.flatMap((s) => [s.shown, ...s.alsoValid]).sort((a, b) => byIso(a.notAfter, b.notAfter)) : NO_ROWS),
    [laterSites],
  );
  const timeline = useMemo(
    () =>
      laterRows === NO_ROWS ? (
        <Loading label="Drawing the timeline…" />
      ) : laterRows.length > TIMELINE_ROW_LIMIT ? (
        <WeeklyTimeline certificates={laterRows} renewals={renewals} />
      ) : (
        <Timeline certificates={laterRows} renewals={renewals} />
      ),
    [laterRows, renewals],
  );
  const page = pageOf(matching, pageNumber);
  const newButton = (
    <button type="button" className="btn btn-primary" onClick={() => startWizard()}>
      New certificate
    </button>
  );

  return (
    <>
      <div className="page-head-row">
        <PageHeading>Certificates</PageHeading>
        {certificates && certificates.length > 0 && newButton}
      </div>
      {!certificates && loading && <Loading label="Loading certificates…" />}
      {error && <ErrorPanel error={error} title="Certificates could not be loaded" onRetry={() => void refresh()} />}
      {certificates && certificates.length === 0 && (
        <EmptyState
          title="No certificates yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => startWizard()}>
              Get your first certificate
            </button>
          }
        >
          <p>
            Choose a CA, publish one DNS record, and PersistCert gets the certificate and keeps renewing it with no further DNS changes.
          </p>
        </EmptyState>
      )}
      {certificates && certificates.length > 0 && (
        <>
          {uncovered}
          <RenewalPanel />
          <section className="card" aria-labelledby={`${detailsId}-tl`}>
            <h2 id={`${detailsId}-tl`}>Timeline</h2>
            {timeline}
          </section>
          <section className="card" aria-labelledby={`${detailsId}-all`}>
            <h2 id={`${detailsId}-all`}>All certificates</h2>
            <CertificateFinder
              query={query}
              onQuery={(q) => {
                setQuery(q);
                setPageNumber(0);
              }}
              page={page}
              total={matching.length}
              onPage={setPageNumber}
            />
            <SiteTable
              sites={page.items}
              renewals={renewals}
              selected={selected}
              onSelect={setSelected}
              detailsId={detailsId}
              renewing={renewing}
              onRenew={(id) => void useRenewal.getState().renewNow(id)}
            />
          </section>
          {chosen && (
            <CertificateDetails key={chosen.id} certificate={chosen} renewal={renewals.get(chosen.id)} earlier={earlier} id={detailsId} />
          )}
        </>
      )}
    </>
  );
}
