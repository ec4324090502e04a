import { StatusIcon } from '../common/StatusIcon.tsx';
import type { CheckedLine } from './names.ts';

/** Per-line results: the name as typed, its punycode form when different, wildcard badge, or the error. */
export function NameCheckList({ lines }: { lines: CheckedLine[] }) {
  if (!lines.length) return null;
  return (
    <ul className="name-list" aria-label="Checked names">
      {lines.map(({ line, input, check }) => (
        <li key={line} className={check.ok ? 'is-ok' : 'is-error'}>
          <StatusIcon kind={check.ok ? 'ok' : 'error'} />
          <span className="sr-only">{check.ok ? 'Valid: ' : `Line ${line} has a problem: `}</span>
          <span className="name-typed">{check.ok ? check.unicode : input || '(empty)'}</span>
          {check.ok && check.ascii !== check.unicode && (
            <span className="name-ascii">
              <span className="muted"> → </span>
              <code>{check.ascii}</code>
              <span className="muted small"> (punycode)</span>
            </span>
          )}
          {check.ok && check.wildcard && <span className="badge badge-neutral">Wildcard</span>}
          {!check.ok && <span className="name-error">{check.error}</span>}
        </li>
      ))}
    </ul>
  );
}
