import type { PreflightView } from '../../../../shared/api/views.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { caSplit, STATUS_WORDS } from './check-words.ts';

/** One name's propagation check: a row per DNS server, with what each one sees. */
export function CheckTable({ result, label }: { result: PreflightView; label?: string }) {
  return (
    <div className="table-wrap">
      <table className="table check-table">
        <caption>
          <span className={`badge ${result.ready ? 'badge-yes' : 'badge-waiting'}`}>
            <StatusIcon kind={result.ready ? 'ok' : 'pending'} />
            {result.ready ? 'Ready' : 'Not ready yet'}
          </span>{' '}
          <strong>{label ?? result.name}</strong> <span className="muted">· record at </span>
          <code>{result.recordName}</code>
          {result.zone && <span className="muted"> · zone {result.zone}</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Value seen</th>
          </tr>
        </thead>
        <tbody>
          {result.servers.map((s) => {
            const words = STATUS_WORDS[s.status] ?? { text: s.status, icon: 'info' as const };
            return (
              <tr key={`${s.kind}\n${s.label}\n${s.address}`}>
                <th scope="row">
                  <span className="server-label">{s.label}</span>
                  <span className="muted small mono block">{s.address}</span>
                  {s.via && <span className="muted small block">via {s.via}</span>}
                </th>
                <td>{s.kind === 'authoritative' ? 'Authoritative' : 'Public resolver'}</td>
                <td>
                  <span className={`status status-${words.icon}`}>
                    <StatusIcon kind={words.icon} />
                    {words.text}
                  </span>
                  {s.detail && <span className="muted small block">{s.detail}</span>}
                  {s.fix && <span className="small block finding-fix">Fix: {s.fix}</span>}
                  {s.rejectedBy?.length ? <span className="small block">{caSplit(s.rejectedBy, s.acceptedBy)}</span> : null}
                </td>
                <td className="seen">
                  {s.seen.length ? (
                    s.seen.map((v, i) => (
                      <code key={i} className="block break">
                        {v}
                      </code>
                    ))
                  ) : (
                    <span className="muted">nothing</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
