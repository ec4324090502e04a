import type { RenewalOverview } from '../../../../shared/api/views.ts';
import { listText, plural } from '../../lib/format.ts';

/** "3 certificates scheduled: 2 on track, 1 failing." */
export function summary(o: RenewalOverview): string {
  const n = o.items.length;
  if (!n) return 'No certificate is scheduled for renewal.';
  const count = (h: string): number => o.items.filter((i) => i.health === h).length;
  const parts = [
    count('ok') && `${count('ok')} on track`,
    count('warning') && `${count('warning')} ${count('warning') === 1 ? 'needs' : 'need'} attention`,
    count('error') && `${count('error')} failing`,
  ].filter(Boolean) as string[];
  const manual = o.items.filter((i) => !i.autoRenew).length;
  return `${plural(n, 'certificate')} scheduled: ${listText(parts)}.${manual ? ` ${plural(manual, 'certificate')} renew only by hand.` : ''}`;
}
