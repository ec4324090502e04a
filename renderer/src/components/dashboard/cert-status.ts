import type { CertificateView } from '../../../../shared/api/views.ts';
import type { IconKind } from '../common/StatusIcon.tsx';
import { renewalWindowStart } from './timeline-geometry.ts';

/** A certificate's state in words, with its icon and badge class. */
export function certStatus(c: CertificateView, now = Date.now()): { text: string; icon: IconKind; tone: string } {
  if (c.status === 'revoked') return { text: 'Revoked', icon: 'error', tone: 'no' };
  if (c.status === 'replaced') return { text: 'Replaced', icon: 'info', tone: 'neutral' };
  if (new Date(c.notAfter).getTime() < now) return { text: 'Expired', icon: 'error', tone: 'no' };
  if (renewalWindowStart(c.notBefore, c.notAfter) < now) return { text: 'Renewal due', icon: 'warning', tone: 'staging-only' };
  return { text: 'Valid', icon: 'ok', tone: 'yes' };
}
