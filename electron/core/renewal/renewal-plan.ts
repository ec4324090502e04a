import type { RenewalView } from '../../../shared/api/views.ts';
import type { AccountRecord, CertificateRecord, ProfileRecord } from '../store/schema.ts';
import { RECORD_DRIFT_WARNING_PREFIX } from './notices.ts';
import { recordsWatchAt } from './record-watch.ts';
import { ariErrorRetryAt, backoffDelay, clampRetryAfter, earlyWarnings, planRenewal, type Plan } from './schedule.ts';

/**
 * The renewal plan for one stored certificate: its persisted state turned into
 * schedule.ts's inputs. Pure, so the scheduler, `renew --all`, the tray and the dashboard agree.
 */

const date = (s: string | undefined) => (s ? new Date(s) : undefined);

export interface CertificatePlan extends Plan {
  /** When renewal information (and the records) should be looked at again; now if never. */
  refreshAt: Date;
  /** When the record watch looks at the published records again (record-watch.ts). */
  recordsAt: Date;
  /** When a failed deploy is retried, if one is pending. */
  deployRetryAt?: Date;
  /** The earliest of everything above: when the scheduler must wake for this certificate. */
  nextAt: Date;
  warnings: string[];
}

export function planCertificate(cert: CertificateRecord, now: Date, random: () => number): CertificatePlan {
  const r = cert.renewal;
  const ari = r.ari
    ? {
        windowStart: new Date(r.ari.windowStart),
        windowEnd: new Date(r.ari.windowEnd),
        fetchedAt: new Date(r.ari.fetchedAt),
        retryAfter: date(r.ari.retryAfter),
        ...(r.ari.explanationURL ? { explanationURL: r.ari.explanationURL } : {}),
        chosen: date(r.ari.chosen),
      }
    : undefined;
  const plan = planRenewal({
    notBefore: new Date(cert.notBefore),
    notAfter: new Date(cert.notAfter),
    ari,
    ariError: r.ariError ? { kind: r.ariError.kind, at: new Date(r.ariError.at), attempts: r.ariError.attempts } : undefined,
    failures: r.failures ? { count: r.failures.count, lastAt: new Date(r.failures.lastAt) } : undefined,
    now,
    random,
  });
  // The CA's Retry-After on a failed attempt (RFC 8555 §6.6) is a floor for the next one.
  const retryAt = date(r.failures?.retryAt);
  if (retryAt && retryAt > plan.renewAt) {
    plan.renewAt = retryAt;
    plan.reason = `the CA asked to wait until ${retryAt.toISOString()}`;
  }
  // An interrupted order is finished at once rather than left to expire.
  if (r.inFlight && !r.failures) {
    plan.renewAt = now;
    plan.reason = 'finishing an order left in flight';
  }
  // A failed fetch keeps the last window (if any) and is retried on its own clock; never
  // fetched means now: right after issuance (RFC 9773 §4.2), or the first run after an upgrade.
  const refreshAt = r.ariError
    ? ariErrorRetryAt({ kind: r.ariError.kind, at: new Date(r.ariError.at), attempts: r.ariError.attempts })
    : ari
      ? clampRetryAfter(ari.fetchedAt, ari.retryAfter)
      : now;
  const deployRetryAt = r.deployPending
    ? new Date(new Date(r.deployPending.lastAt).getTime() + backoffDelay(r.deployPending.attempts))
    : undefined;
  const recordsAt = recordsWatchAt(cert, now);
  const candidates = [plan.renewAt, refreshAt, recordsAt, ...(deployRetryAt ? [deployRetryAt] : [])];
  const nextAt = new Date(Math.min(...candidates.map((d) => d.getTime())));
  const warnings = earlyWarnings({ notAfter: new Date(cert.notAfter), persistUntil: date(r.records?.persistUntil), now });
  if (r.records && !r.records.ready) {
    warnings.push(
      `${RECORD_DRIFT_WARNING_PREFIX}: ${r.records.problem ?? 'not every server shows it'}. Publish it again at your DNS provider; renewals fail until every server shows it (looked at ${r.records.checkedAt})`,
    );
  }
  if (r.deployPending)
    warnings.push(`Deploying the current certificate failed (${r.deployPending.attempts} attempt(s)): ${r.deployPending.message}`);
  for (const v of r.verification?.results ?? []) {
    if (v.status !== 'serving') warnings.push(`${v.endpoint} ${v.detail}${v.fix ? ` (fix: ${v.fix})` : ''}`);
  }
  return { ...plan, refreshAt, recordsAt, ...(deployRetryAt ? { deployRetryAt } : {}), nextAt, warnings };
}

export function isRenewalDue(plan: CertificatePlan, now: Date): boolean {
  return plan.renewAt.getTime() <= now.getTime();
}

/** Certificates the renewal machinery looks after: valid, current in their line. */
export function renewableCertificates(certificates: readonly CertificateRecord[]): CertificateRecord[] {
  return certificates.filter((c) => c.status === 'valid');
}

export function renewalView(
  cert: CertificateRecord,
  plan: CertificatePlan,
  context: { profile: ProfileRecord | undefined; account: AccountRecord | undefined; backup: AccountRecord | undefined },
): RenewalView {
  const r = cert.renewal;
  const autoRenew = context.profile?.autoRenew ?? true;
  const failing = (r.failures?.count ?? 0) > 0;
  const health: RenewalView['health'] = failing || servesOldLong(cert) ? 'error' : plan.warnings.length > 0 ? 'warning' : 'ok';
  return {
    certificateId: cert.id,
    names: cert.names,
    health,
    autoRenew,
    renewAt: autoRenew ? plan.renewAt.toISOString() : null,
    nextCheckAt: autoRenew ? plan.refreshAt.toISOString() : null,
    reason: autoRenew ? plan.reason : 'automatic renewal is off for this certificate',
    notAfter: cert.notAfter,
    failures: r.failures?.count ?? 0,
    lastError: r.failures
      ? { message: r.failures.message, at: r.failures.lastAt, ...(r.failures.fix ? { fix: r.failures.fix } : {}) }
      : null,
    warnings: plan.warnings,
    inFlight: r.inFlight !== undefined,
    deployPending: r.deployPending !== undefined,
    directoryUrl: context.account?.directoryUrl ?? null,
    backupDirectoryUrl: context.backup?.directoryUrl ?? null,
    served: r.verification
      ? {
          at: r.verification.at,
          results: r.verification.results.map((v) => ({
            endpoint: v.endpoint,
            status: v.status,
            detail: v.detail,
            ...(v.fix ? { fix: v.fix } : {}),
          })),
        }
      : null,
  };
}

/** A server still serving the previous certificate a day after this one was issued is a failure, not a reload in progress. */
const STALE_SERVED_MS = 24 * 3600_000;
function servesOldLong(cert: CertificateRecord): boolean {
  const v = cert.renewal.verification;
  return (
    v !== undefined &&
    v.results.some((x) => x.status === 'old-certificate') &&
    Date.parse(v.at) - Date.parse(cert.issuedAt) >= STALE_SERVED_MS
  );
}
