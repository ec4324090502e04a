import type { RenewalView } from '../../../../shared/api/views.ts';
import { formatDateTime, hostOf, plural } from '../../lib/format.ts';
import { localizeDates } from '../../lib/local-dates.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { HealthBadge } from './StatusBadge.tsx';

/** The scheduler's view of one certificate, as description-list rows. */
export function RenewalFacts({ renewal: r }: { renewal: RenewalView }) {
  return (
    <>
      <dt>Renewal</dt>
      <dd>
        <HealthBadge renewal={r} />
      </dd>
      <dt>Next renewal</dt>
      <dd>
        {r.renewAt ? formatDateTime(r.renewAt) : 'Not planned'}
        {r.reason && <span className="muted small block">{r.reason}</span>}
      </dd>
      <dt>Automatic renewal</dt>
      <dd>{r.autoRenew ? 'On' : 'Off: renews only when you ask'}</dd>
      <dt>Failed attempts</dt>
      <dd>{r.failures ? plural(r.failures, 'failed attempt') : 'None'}</dd>
      {r.lastError && (
        <>
          <dt>Last error</dt>
          <dd>
            <span className="block">{localizeDates(r.lastError.message)}</span>
            {r.lastError.fix && <span className="block">How to fix it: {localizeDates(r.lastError.fix)}</span>}
            <span className="muted small block">
              <time dateTime={r.lastError.at}>{formatDateTime(r.lastError.at)}</time>
            </span>
          </dd>
        </>
      )}
      {r.warnings.length > 0 && (
        <>
          <dt>Warnings</dt>
          <dd>
            <ul className="plain-list">
              {r.warnings.map((w) => (
                <li key={w} className="warning-text">
                  <StatusIcon kind="warning" /> {localizeDates(w)}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {(r.inFlight || r.deployPending) && (
        <>
          <dt>Under way</dt>
          <dd>
            {r.inFlight && <span className="block">Order in flight: the next run resumes it rather than placing another.</span>}
            {r.deployPending && <span className="block">Deploy pending: writing the files or running the command is retried.</span>}
          </dd>
        </>
      )}
      {r.backupDirectoryUrl && (
        <>
          <dt>Backup CA</dt>
          <dd className="break">{hostOf(r.backupDirectoryUrl)}</dd>
        </>
      )}
      {r.served && (
        <>
          <dt>Served</dt>
          <dd>
            {r.served.results.map((s) => (
              <span key={s.endpoint} className="block">
                <StatusIcon kind={s.status === 'serving' ? 'ok' : 'warning'} /> <span className="mono">{s.endpoint}</span> {s.detail}
                {s.fix && <span className="finding-fix block">How to fix it: {s.fix}</span>}
              </span>
            ))}
            <span className="muted small block">Checked {formatDateTime(r.served.at)}</span>
          </dd>
        </>
      )}
    </>
  );
}
