import { parseRecordValue, type PersistRecord } from './record.ts';

/**
 * Judges the TXT records seen at a `_validation-persist` name the way the CA will
 * (draft-ietf-acme-dns-persist-01 §4.3; Pebble/Boulder validateDNSPersist01): records for other
 * issuers are ignored, any one fully valid record suffices, otherwise the nearest failure wins.
 */
export type RecordStatus =
  | 'ok'
  | 'missing'
  | 'malformed'
  | 'other-account'
  | 'other-issuer'
  | 'policy-missing'
  | 'expired'
  | 'unreachable';

export interface Expectation {
  /** Issuer domain names the CA accepts (any one). */
  issuers: string[];
  /** The accounturi the CA expects (exact, case-sensitive: RFC 3986 §6.2.1). */
  accountUri: string;
  /** A wildcard name needs `policy=wildcard`. */
  wildcard: boolean;
  /** UNIX seconds "now", for persistUntil. */
  now: number;
}

export interface Evaluation {
  status: Exclude<RecordStatus, 'unreachable'>;
  /** The record that satisfied the CA's rules, when status is ok. */
  record?: PersistRecord;
  /** What to fix, in plain words; absent when ok. */
  detail?: string;
}

/** Order of "how close" a failure is to success, for reporting the most useful one. */
const CLOSENESS: Evaluation['status'][] = ['expired', 'policy-missing', 'other-account', 'malformed', 'other-issuer', 'missing'];

export function evaluateRecords(values: string[], expect: Expectation): Evaluation {
  if (values.length === 0) return { status: 'missing', detail: 'No TXT record is published at this name yet' };
  const issuers = expect.issuers.map((i) => i.toLowerCase());
  const failures: Evaluation[] = [];
  for (const value of values) {
    const parsed = parseRecordValue(value);
    if (!parsed.ok) {
      if (parsed.issuer !== undefined && !issuers.includes(parsed.issuer)) {
        failures.push(otherIssuer(parsed.issuer, issuers));
      } else {
        failures.push({ status: 'malformed', detail: parsed.error });
      }
      continue;
    }
    const r = parsed.record;
    if (!issuers.includes(r.issuer)) {
      failures.push(otherIssuer(r.issuer, issuers));
      continue;
    }
    if (r.accountUri !== expect.accountUri) {
      failures.push({ status: 'other-account', detail: `The record names the account ${r.accountUri}, but this account is ${expect.accountUri}` });
      continue;
    }
    if (expect.wildcard && r.policy !== 'wildcard') {
      failures.push({ status: 'policy-missing', detail: 'A wildcard certificate needs "; policy=wildcard" in the record' });
      continue;
    }
    if (r.persistUntil !== undefined && expect.now > r.persistUntil) {
      failures.push({
        status: 'expired',
        detail: `persistUntil=${r.persistUntil} (${new Date(r.persistUntil * 1000).toISOString()}) has passed; publish a later date or remove persistUntil`,
      });
      continue;
    }
    return { status: 'ok', record: r };
  }
  failures.sort((a, b) => CLOSENESS.indexOf(a.status) - CLOSENESS.indexOf(b.status));
  return failures[0]!;
}

function otherIssuer(issuer: string, issuers: string[]): Evaluation {
  return { status: 'other-issuer', detail: `The record names the CA "${issuer}", but this CA accepts ${issuers.map((i) => `"${i}"`).join(' or ')}` };
}
