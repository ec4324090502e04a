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
  unreachable: { text: 'Server did not answer', icon: 'warning' },
};

export const SEVERITY_WORDS = { error: 'Problem', warning: 'Warning', ok: 'OK' } as const;
export const SEVERITY_ICON: Record<'error' | 'warning' | 'ok', IconKind> = { error: 'error', warning: 'warning', ok: 'ok' };
