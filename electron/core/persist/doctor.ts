import { evaluateCaa } from '../../../shared/caa.ts';
import { baseName } from '../../../shared/names.ts';
import { isoOrRaw } from '../../../shared/dns-persist/evaluate.ts';
import type { PropagationResult, ServerCheck } from '../dns/propagation.ts';
import type { RelevantCaa } from '../dns/caa-lookup.ts';
import type { OfferCheck } from './offer-check.ts';
import { DNS_PERSIST_01 } from './offer-check.ts';

/**
 * The pre-flight doctor: everything that would make the CA say no, found before it is asked,
 * each with the fix in plain words. It reads what the propagation check, the CAA lookup and the
 * offer check found; it performs no I/O itself, so the CLI, the UI and the scheduler share it.
 */
export type Severity = 'error' | 'warning' | 'ok';

export interface Finding {
  severity: Severity;
  code: 'caa' | 'record' | 'account' | 'issuer' | 'wildcard-policy' | 'persist-until' | 'offer' | 'propagation' | 'zone';
  name: string;
  message: string;
  /** Present on every warning and error. */
  fix?: string;
  /** When known CAs disagree: which reject the record and which accept it. */
  rejectedBy?: string[];
  acceptedBy?: string[];
}

export interface DoctorInput {
  name: string;
  issuers: string[];
  accountUri: string;
  propagation: PropagationResult;
  caa?: { relevant?: RelevantCaa | undefined; unanswered: string[] };
  offer?: OfferCheck | undefined;
  now: Date;
  /** Warn this long before persistUntil (default 30 days). */
  persistUntilWarningDays?: number;
  /** Whether the CA is a known staging CA, to phrase "not offered" usefully. */
  caLabel?: string;
}

export function diagnose(input: DoctorInput): Finding[] {
  const { name } = input;
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'name'>) => findings.push({ name, ...f });

  if (input.offer && !input.offer.offered) {
    add({
      severity: 'error',
      code: 'offer',
      message: `${input.caLabel ?? 'This CA'} does not offer dns-persist-01 for ${name}; it offers ${input.offer.offeredTypes.join(', ') || 'nothing'}`,
      fix: "Use a CA that supports dns-persist-01 (in late 2026: Let's Encrypt staging, Google Trust Services), or its staging directory",
    });
  }

  if (input.caa && !input.caa.relevant && input.caa.unanswered.length) {
    // No records found only where someone answered: that is no evidence there are none (RFC 8659 §3).
    add({
      severity: 'warning',
      code: 'caa',
      message: `Could not check CAA: no resolver answered for ${input.caa.unanswered.join(', ')}`,
      fix: 'Check the resolvers in Settings (or --dns); the CA will still look, and refuse if a CAA record forbids it',
    });
  } else if (input.caa) {
    const verdict = evaluateCaa(input.caa.relevant, {
      issuers: input.issuers,
      accountUri: input.accountUri,
      wildcard: name.startsWith('*.'),
      method: DNS_PERSIST_01,
    });
    add({ severity: verdict.allowed ? 'ok' : 'error', code: 'caa', message: verdict.reason, ...(verdict.fix ? { fix: verdict.fix } : {}) });
    if (input.caa.unanswered.length) {
      add({
        severity: 'warning',
        code: 'caa',
        message: `No resolver answered for CAA at ${input.caa.unanswered.join(', ')}; the CA may see records we cannot`,
        fix: 'Check the resolvers in Settings (or --dns) and run the check again',
      });
    }
  }

  const p = input.propagation;
  if (p.problem) {
    const fix = /No resolver answered/.test(p.problem)
      ? 'Check the DNS resolvers in Settings (or --dns): none of them answered'
      : 'Check that the domain is registered and its nameservers answer';
    add({ severity: 'error', code: 'zone', message: p.problem, fix });
  }
  const rows = p.servers;
  const okRows = rows.filter((r) => r.status === 'ok');
  const firstBad = (s: ServerCheck['status']) => rows.find((r) => r.status === s);
  const statusFinding: Partial<Record<ServerCheck['status'], Finding['code']>> = {
    missing: 'record',
    malformed: 'record',
    'other-account': 'account',
    'other-issuer': 'issuer',
    'policy-missing': 'wildcard-policy',
    expired: 'persist-until',
    'alias-broken': 'record',
  };
  for (const [status, code] of Object.entries(statusFinding) as [ServerCheck['status'], Finding['code']][]) {
    const bad = firstBad(status);
    if (!bad) continue;
    const where = rows.filter((r) => r.status === status).map((r) => r.label);
    add({
      severity: 'error',
      code,
      message:
        status === 'missing'
          ? `No record at ${p.recordName} (seen by ${where.join(', ')})`
          : `${p.recordName}: ${bad.detail ?? status} (seen by ${where.join(', ')})`,
      fix: bad.fix && status !== 'missing' ? `${bad.fix} (record at ${p.recordName})` : fixFor(status, p.recordName, input),
      ...(bad.rejectedBy ? { rejectedBy: bad.rejectedBy, acceptedBy: bad.acceptedBy ?? [] } : {}),
    });
  }
  // Warnings about records the CAs accept (unknown parameters, a stale record beside a good one).
  const noted = new Set<string>();
  for (const r of rows) {
    for (const n of r.notes ?? []) {
      if (noted.has(n.message)) continue;
      noted.add(n.message);
      add({
        severity: 'warning',
        code: 'record',
        message: `${n.message} (${p.recordName})`,
        fix: n.fix,
        ...(n.rejectedBy ? { rejectedBy: n.rejectedBy, acceptedBy: n.acceptedBy ?? [] } : {}),
      });
    }
  }
  const unreachableAuth = rows.filter((r) => r.kind === 'authoritative' && r.status === 'unreachable');
  if (unreachableAuth.length) {
    add({
      severity: 'warning',
      code: 'propagation',
      message: `Authoritative server(s) ${unreachableAuth.map((r) => r.label).join(', ')} did not answer`,
      fix: 'Check again in a few minutes; if it persists, ask your DNS provider why the server does not answer',
    });
  }
  if (okRows.length && okRows.length < rows.filter((r) => r.status !== 'unreachable').length) {
    add({
      severity: 'warning',
      code: 'propagation',
      message: `The record is visible on ${okRows.map((r) => r.label).join(', ')} but not yet everywhere`,
      fix: 'Wait a few minutes for the other servers and check again',
    });
  }

  // persistUntil close to now: the record will stop working for new validations (-01 §4.1). Only
  // records the CA accepts count; a server with an accepted record without persistUntil has no end.
  const until = okRows.map((r) => r.usableUntil);
  if (okRows.length && until.every((v): v is number => v !== undefined)) {
    const soonest = Math.min(...until);
    const days = (soonest * 1000 - input.now.getTime()) / 86_400_000;
    const warnDays = input.persistUntilWarningDays ?? 30;
    if (days <= warnDays) {
      add({
        severity: 'warning',
        code: 'persist-until',
        message: `The record stops authorizing new validations on ${isoOrRaw(soonest).slice(0, 10)} (persistUntil, ${days < 1 ? 'in less than a day' : `in ${Math.floor(days)} days`})`,
        fix: 'Publish the record again with a later persistUntil, or without persistUntil',
      });
    }
  }
  if (p.ready)
    add({
      severity: 'ok',
      code: 'propagation',
      message: `The record is visible on all ${rows.filter((r) => r.status === 'ok').length} servers checked`,
    });
  return findings;
}

function fixFor(status: ServerCheck['status'], recordName: string, input: DoctorInput): string {
  const wanted = `${input.issuers[0]}; accounturi=${input.accountUri}${input.name.startsWith('*.') ? '; policy=wildcard' : ''}`;
  switch (status) {
    case 'missing':
      return `Publish a TXT record at ${recordName} with the value "${wanted}"`;
    case 'malformed':
      return `Correct the TXT record at ${recordName} to "${wanted}"`;
    case 'other-account':
      // Changing that record would break the account it names: add a second one beside it (-01 §3 allows several).
      return `Keep that record (the account it names relies on it) and add a second TXT record at ${recordName} for this account: "${wanted}"; or use the account the record names`;
    case 'other-issuer':
      return `Publish a record for this CA at ${recordName}: "${wanted}" (records for other CAs may stay)`;
    case 'policy-missing':
      return `Add "; policy=wildcard" to the record at ${recordName} (${baseName(input.name)} and its subdomains)`;
    case 'expired':
      return `Publish the record at ${recordName} again with a later persistUntil, or without it`;
    default:
      return '';
  }
}
