import { useEffect, useId, useRef, useState } from 'react';
import type { RenewalOutcomeView, RenewalOverview } from '../../../../shared/api/views.ts';
import { formatDateTime, listText, plural } from '../../lib/format.ts';
import { localizeDates } from '../../lib/local-dates.ts';
import { announce } from '../../store/announce-store.ts';
import { useRenewal, type RenewalLogEntry } from '../../store/renewal-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { OUTCOME } from './renewal-words.ts';

/** "3 certificates scheduled: 2 on track, 1 failing." */
function summary(o: RenewalOverview): string {
  const n = o.items.length;
  if (!n) return 'No certificate is scheduled for renewal.';
  const count = (h: string): number => o.items.filter((i) => i.health === h).length;
  const parts = [
    count('ok') && `${count('ok')} on track`,
    count('warning') && `${count('warning')} ${count('warning') === 1 ? 'needs' : 'need'} attention`,
    count('error') && `${count('error')} failing`,
  ].filter(Boolean) as string[];
  const manual = o.items.filter((i) => !i.autoRenew).length;
  return `${plural(n, 'certificate')} scheduled: ${listText(parts)}.${manual ? ` ${plural(manual, 'certificate')} renew only by hand.` : ''}`;
}

function Outcome({ outcome: o }: { outcome: RenewalOutcomeView }) {
  const w = OUTCOME[o.action];
  return (
    <li className={`finding finding-${w.severity}`}>
      <span className={`status status-${w.icon}`}>
        <StatusIcon kind={w.icon} />
        {w.text}
      </span>
      <div>
        <p>
          <strong>{o.names[0] ?? o.certificateId}: </strong>
          {localizeDates(o.message)}
        </p>
        {o.failover && <p className="small">Renewed from the backup CA.</p>}
        {o.resumed && <p className="small">An order left by an interrupted run was resumed.</p>}
        {o.fix && <p className="finding-fix">How to fix it: {localizeDates(o.fix)}</p>}
        {o.renewAt && (
          <p className="muted small">
            {w.severity === 'error' ? 'Next attempt' : 'Next renewal'}: {formatDateTime(o.renewAt)}
          </p>
        )}
        {o.warnings.map((text) => (
          <p key={text} className="warning-text small">
            <StatusIcon kind="warning" /> {text}
          </p>
        ))}
      </div>
    </li>
  );
}

function Entry({ entry }: { entry: RenewalLogEntry }) {
  if ('outcome' in entry) return <Outcome outcome={entry.outcome} />;
  return (
    <li className="finding finding-info">
      <span className="status status-info">
        <StatusIcon kind="info" />
        Note
      </span>
      <p>{entry.note}</p>
    </li>
  );
}

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
          <button type="button" className="btn" aria-disabled={allPending} onClick={() => !allPending && void useRenewal.getState().renewNow()}>
            {allPending ? 'Renewing due certificates…' : 'Renew all due'}
          </button>
        </div>
        {overview && <p>{summary(overview)}</p>}
        {overview?.running && (
          <p className="status status-active">
            <StatusIcon kind="active" /> A renewal run is going on.
          </p>
        )}
        {error && <ErrorPanel error={error} title="The renewal status could not be loaded" onRetry={() => void useRenewal.getState().refresh()} />}
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
                  <Entry key={e.seq} entry={e} />
                ))}
              </ul>
            )}
          </div>
        </div>
      </section>
    </>
  );
}
