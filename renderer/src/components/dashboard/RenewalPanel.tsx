import { useEffect, useId, useRef, useState } from 'react';
import { announce } from '../../store/announce-store.ts';
import { useRenewal } from '../../store/renewal-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { RenewalLogEntry } from './RenewalLogEntry.tsx';
import { summary } from './renewal-summary.ts';

/**
 * The renewal picture above the timeline: the paused banner, a summary, "Renew all due", and the
 * results of runs as they come (a polite live region, so they are read out without taking focus).
 */
export function RenewalPanel() {
  const overview = useRenewal((s) => s.overview);
  const error = useRenewal((s) => s.error);
  const runError = useRenewal((s) => s.runError);
  const log = useRenewal((s) => s.log);
  const allPending = useRenewal((s) => s.pending.includes(''));
  const [resuming, setResuming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  // After "Renew now" or "Renew all due", focus goes to what happened (the row that had the
  // button may be gone: a renewed certificate is a new one).
  const finishedRuns = useRenewal((s) => s.finishedRuns);
  const runsAtMount = useRef(finishedRuns);
  const resultsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (finishedRuns !== runsAtMount.current) resultsRef.current?.focus();
  }, [finishedRuns]);

  async function resume(): Promise<void> {
    if (resuming) return;
    setResuming(true);
    const ok = await useRenewal.getState().setPaused(false);
    setResuming(false);
    if (ok) {
      announce('Unattended renewals resumed');
      // The banner and its button are gone: keep keyboard focus in the same place on the page.
      headingRef.current?.focus();
    }
  }

  return (
    <>
      {overview?.paused && (
        <section className="notice notice-warning banner" aria-labelledby={`${id}-paused`}>
          <h2 id={`${id}-paused`} className="notice-title">
            <StatusIcon kind="warning" /> Unattended renewals are paused
          </h2>
          <p>No certificate is renewed on its own until you resume. &ldquo;Renew now&rdquo; still works.</p>
          <button type="button" className="btn btn-primary" aria-disabled={resuming} onClick={() => void resume()}>
            {resuming ? 'Resuming…' : 'Resume renewals'}
          </button>
        </section>
      )}
      <section className="card renewals" aria-labelledby={`${id}-h`}>
        <div className="details-head">
          <h2 id={`${id}-h`} ref={headingRef} tabIndex={-1}>
            Renewals
          </h2>
          <button
            type="button"
            className="btn"
            aria-disabled={allPending}
            onClick={() => !allPending && void useRenewal.getState().renewNow()}
          >
            {allPending ? 'Renewing due certificates…' : 'Renew all due'}
          </button>
        </div>
        {overview && <p>{summary(overview)}</p>}
        {overview?.running && (
          <p className="status status-active">
            <StatusIcon kind="active" /> A renewal run is going on.
          </p>
        )}
        {error && (
          <ErrorPanel error={error} title="The renewal status could not be loaded" onRetry={() => void useRenewal.getState().refresh()} />
        )}
        <div ref={resultsRef} tabIndex={-1} className="focus-target">
          {runError && <ErrorPanel error={runError.error} title={runError.title} />}
          <div className="renewal-log-head">
            <h3 id={`${id}-log`}>Results</h3>
            {log.length > 0 && (
              <button type="button" className="btn btn-quiet btn-small" onClick={() => useRenewal.getState().clearLog()}>
                Clear results
              </button>
            )}
          </div>
          {log.length === 0 && <p className="muted small">No renewal has run since this page opened.</p>}
          {/* Always in the page, so additions are announced. */}
          <div role="log" aria-live="polite" aria-labelledby={`${id}-log`} data-testid="renewal-log">
            {log.length > 0 && (
              <ul className="findings">
                {log.map((e) => (
                  <RenewalLogEntry key={e.seq} entry={e} />
                ))}
              </ul>
            )}
          </div>
        </div>
      </section>
    </>
  );
}
