import type { FindingView } from '../../../../shared/api/views.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { caSplit, SEVERITY_ICON, SEVERITY_WORDS } from './check-words.ts';

/** What the check found, in plain words, each with its fix. */
export function Findings({ findings }: { findings: FindingView[] }) {
  if (!findings.length) return null;
  return (
    <ul className="findings" aria-label="Findings">
      {findings.map((f, i) => (
        <li key={`${f.code}-${f.name}-${i}`} className={`finding finding-${f.severity}`}>
          <span className={`status status-${SEVERITY_ICON[f.severity]}`}>
            <StatusIcon kind={SEVERITY_ICON[f.severity]} />
            {SEVERITY_WORDS[f.severity]}
          </span>
          <div>
            <p>
              {f.name && <strong>{f.name}: </strong>}
              {f.message}
            </p>
            {f.rejectedBy?.length ? <p>{caSplit(f.rejectedBy, f.acceptedBy)}</p> : null}
            {f.fix && <p className="finding-fix">Fix: {f.fix}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}
