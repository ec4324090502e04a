import type { RenewalView } from '../../../../shared/api/views.ts';
import { formatDate, plural } from '../../lib/format.ts';
import { HealthBadge } from './StatusBadge.tsx';

/** The scheduler's plan for one certificate; none for one it does not renew (revoked, replaced). */
export function NextRenewal({ renewal: r }: { renewal: RenewalView | undefined }) {
  if (!r) return <>—</>;
  return (
    <>
      <HealthBadge renewal={r} />
      <span className="block">{r.renewAt ? formatDate(r.renewAt) : 'Not planned'}</span>
      {r.reason && <span className="muted small block">{r.reason}</span>}
      {!r.autoRenew && <span className="muted small block">Automatic renewal is off</span>}
      {r.failures > 0 && <span className="small block">{plural(r.failures, 'failed attempt')}</span>}
      {r.inFlight && <span className="small block">Order in flight</span>}
      {r.deployPending && <span className="small block">Deploy pending</span>}
    </>
  );
}
