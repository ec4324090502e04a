import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import type { IconKind } from '../common/StatusIcon.tsx';
import { renewalWindowStart } from './timeline-geometry.ts';

/**
 * A certificate's state in words, with its icon and badge class. "Renewal due" follows the
 * scheduler's plan when there is one; the last-third estimate is only for certificates without.
 */
export function certStatus(c: CertificateView, renewal?: RenewalView, now = Date.now()): { text: string; icon: IconKind; tone: string } {
  if (c.status === 'revoked') return { text: 'Revoked', icon: 'error', tone: 'no' };
  if (c.status === 'replaced') return { text: 'Replaced', icon: 'info', tone: 'neutral' };
  if (new Date(c.notAfter).getTime() < now) return { text: 'Expired', icon: 'error', tone: 'no' };
  const due = renewal
    ? renewal.renewAt !== null && new Date(renewal.renewAt).getTime() <= now
    : renewalWindowStart(c.notBefore, c.notAfter) < now;
  if (due) return { text: 'Renewal due', icon: 'warning', tone: 'staging-only' };
  return { text: 'Valid', icon: 'ok', tone: 'yes' };
}
