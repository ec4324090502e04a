import type { RenewalOutcomeView } from '../../../../shared/api/views.ts';
import { formatDateTime } from '../../lib/format.ts';
import { localizeDates } from '../../lib/local-dates.ts';
import type { RenewalLogEntry as Entry } from '../../store/renewal-store.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { OUTCOME } from './renewal-words.ts';

/** What a run did with one certificate, and what comes next. */
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

/** One line of the renewal results: an outcome of a run, or a note of the UI's own. */
export function RenewalLogEntry({ entry }: { entry: Entry }) {
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
