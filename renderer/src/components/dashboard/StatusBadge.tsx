import type { CertificateView } from '../../../../shared/api/views.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { certStatus } from './cert-status.ts';

export function StatusBadge({ certificate }: { certificate: CertificateView }) {
  const s = certStatus(certificate);
  return (
    <span className={`badge badge-${s.tone}`}>
      <StatusIcon kind={s.icon} />
      {s.text}
    </span>
  );
}
