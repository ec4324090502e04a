import type { FindingView } from '../../../../shared/api/views.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { caSplit, SEVERITY_ICON, SEVERITY_WORDS } from './check-words.ts';

/** The same finding for several names (a zone's CAA set, say) is said once, naming them all. */
function merged(findings: readonly FindingView[]): FindingView[] {
  const byKey = new Map<string, FindingView>();
  for (const f of findings) {
    const key = [f.severity, f.code, f.message, f.fix ?? ''].join('\n');
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...f });
    else if (f.name && !seen.name.split(', ').includes(f.name)) seen.name = seen.name ? `${seen.name}, ${f.name}` : f.name;
  }
  return [...byKey.values()];
}

/** What the check found, in plain words, each with its fix. */
export function Findings({ findings }: { findings: FindingView[] }) {
  if (!findings.length) return null;
  return (
    <ul className="findings" aria-label="Findings">
      {merged(findings).map((f, i) => (
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
