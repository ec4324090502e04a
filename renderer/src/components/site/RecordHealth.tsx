import { useState } from 'react';
import type { CertificateView, PreflightView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { CheckTable } from '../wizard/CheckTable.tsx';

/** Is the record still published on every server? Renewals rely on it; asked on demand. */
export function RecordHealth({ certificate }: { certificate: CertificateView }) {
  const [results, setResults] = useState<PreflightView[] | null>(null);
  const result = useFocusResult<HTMLDivElement>();
  const checking = useAction(async () => {
    setResults(await api.runCheck({ accountId: certificate.accountId, names: certificate.names, offerCheck: false }));
  }, result.done);
  return (
    <section className="card" aria-labelledby="site-records">
      <div className="details-head">
        <h2 id="site-records">DNS records</h2>
        <button type="button" className="btn" aria-disabled={checking.pending} onClick={() => void checking.run()}>
          {checking.pending ? 'Checking…' : 'Check the records now'}
        </button>
      </div>
      <p>Renewals need the record on every DNS server of each name. Check it here whenever you change your DNS.</p>
      <div ref={result.ref} tabIndex={-1} className="focus-target stack">
        {checking.error && <ErrorPanel error={checking.error} title="The check could not run" />}
        {results?.map((r) => (
          <CheckTable key={r.name} result={r} />
        ))}
      </div>
    </section>
  );
}
