import type { RecordStatus } from '../../../../shared/dns-persist/evaluate.ts';
import type { IconKind } from '../common/StatusIcon.tsx';

/** Each server status in words, with its icon: never colour alone. */
export const STATUS_WORDS: Record<RecordStatus, { text: string; icon: IconKind }> = {
  ok: { text: 'Record found', icon: 'ok' },
  missing: { text: 'Not visible yet', icon: 'pending' },
  malformed: { text: 'Malformed record', icon: 'error' },
  'other-account': { text: 'Names another account', icon: 'error' },
  'other-issuer': { text: 'Only for another CA', icon: 'warning' },
  'policy-missing': { text: 'Missing policy=wildcard', icon: 'error' },
  expired: { text: 'persistUntil has passed', icon: 'error' },
  'alias-broken': { text: 'Alias leads nowhere', icon: 'error' },
  unreachable: { text: 'Server did not answer', icon: 'warning' },
};

export const SEVERITY_WORDS = { error: 'Problem', warning: 'Warning', ok: 'OK' } as const;
export const SEVERITY_ICON: Record<'error' | 'warning' | 'ok', IconKind> = { error: 'error', warning: 'warning', ok: 'ok' };

/** Which certificate authorities refuse the record and which take it, when they disagree. */
export function caSplit(rejectedBy: string[], acceptedBy: string[] = []): string {
  const join = (names: string[]) => names.join(' and ');
  return `Refused by ${join(rejectedBy)}${acceptedBy.length ? `; accepted by ${join(acceptedBy)}` : ''}.`;
}
