import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { certStatus } from './cert-status.ts';
import { HEALTH } from './renewal-words.ts';

export function StatusBadge({ certificate, renewal }: { certificate: CertificateView; renewal?: RenewalView | undefined }) {
  const s = certStatus(certificate, renewal);
  return (
    <span className={`badge badge-${s.tone}`}>
      <StatusIcon kind={s.icon} />
      {s.text}
    </span>
  );
}

/** The scheduler's verdict on a certificate's renewal: icon and words. */
export function HealthBadge({ renewal }: { renewal: RenewalView }) {
  const h = HEALTH[renewal.health];
  return (
    <span className={`badge badge-${h.tone}`}>
      <StatusIcon kind={h.icon} />
      {h.text}
    </span>
  );
}
