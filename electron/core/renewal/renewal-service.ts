import type { RenewalOutcomeView, RenewalView } from '../../../shared/api/views.ts';
import type { DeployReport } from '../deploy/deploy.ts';
import type { CertificateRecord, ProfileRecord } from '../store/schema.ts';
import { refreshRenewalInfo } from './ari-refresh.ts';
import { watchRecords } from './record-watch.ts';
import { tryLockCertificate } from './certificate-lock.ts';
import { deployStored } from './deploy-step.ts';
import { classifyFailure, renewCertificate } from './renewal-job.ts';
import type { RenewalDeps } from './renewal-deps.ts';
import { isRenewalDue, planCertificate, renewableCertificates, renewalView, type CertificatePlan } from './renewal-plan.ts';

export interface RunOptions {
  /** Renew these even if not due (`renew --force`, "Renew now"). */
  force?: boolean;
  /** Only these certificates (ids); default every certificate with automatic renewal on. */
  certificateIds?: string[];
  /** Each certificate's result as soon as it is known. */
  onOutcome?: (outcome: RenewalOutcomeView) => void;
  /** How many certificates this run looks at, before the first is handled. */
  onStart?: (total: number) => void;
  /** Certificates handled at once (default 4). */
  parallel?: number;
}

/**
 * The renewal work for a data directory: which certificates are due, and doing it. The tray
 * app's and the daemon's scheduler and `persistcert renew` all come here, and every certificate
 * is handled under its lock, so whichever of them gets there first does it, once.
 */
export class RenewalService {
  constructor(readonly deps: RenewalDeps) {}

  private profileOf(cert: CertificateRecord): ProfileRecord | undefined {
    return cert.profileId ? this.deps.store.profile(cert.profileId) : undefined;
  }

  async overview(): Promise<RenewalView[]> {
    const { store, clock, random } = this.deps;
    await store.reload();
    const now = clock.now();
    return renewableCertificates(store.snapshot.certificates).map((cert) => {
      const profile = this.profileOf(cert);
      return renewalView(cert, planCertificate(cert, now, random), {
        profile,
        account: store.account(cert.accountId),
        backup: profile?.backupAccountId ? store.account(profile.backupAccountId) : undefined,
      });
    });
  }

  /** The earliest moment any certificate with automatic renewal needs attention, from the state as last read. */
  nextWakeAt(): Date | undefined {
    const { store, clock, random } = this.deps;
    const now = clock.now();
    let next: Date | undefined;
    for (const cert of renewableCertificates(store.snapshot.certificates)) {
      if (this.profileOf(cert)?.autoRenew === false) continue;
      const at = cert.renewal.deployDue ? now : planCertificate(cert, now, random).nextAt;
      if (!next || at < next) next = at;
    }
    return next;
  }

  async run(options: RunOptions = {}): Promise<RenewalOutcomeView[]> {
    const { store } = this.deps;
    const wanted = options.certificateIds;
    let candidates: CertificateRecord[];
    if (wanted) {
      // Only these, each by its row (or caught up, if held): `renew <name>` reads one record, not all.
      await store.refresh();
      candidates = renewableCertificates([...new Set(wanted)].flatMap((id) => store.certificate(id) ?? []));
    } else {
      await store.reload();
      candidates = renewableCertificates(store.snapshot.certificates).filter((c) => this.profileOf(c)?.autoRenew !== false);
    }
    const outcomes: RenewalOutcomeView[] = [];
    options.onStart?.(candidates.length);
    const report = (outcome: RenewalOutcomeView) => {
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    };
    // Certificates with nothing to do are answered from the plan, without taking their lock:
    // with thousands stored, a run that finds nothing due stays a read of the store.
    const now = this.deps.clock.now();
    const work: CertificateRecord[] = [];
    for (const cert of candidates) {
      const plan = planCertificate(cert, now, this.deps.random);
      if (options.force === true || cert.renewal.deployDue || plan.nextAt <= now) work.push(cert);
      else report(notDue(cert, plan));
    }
    let next = 0;
    const worker = async () => {
      while (next < work.length) report(await this.processOne(work[next++]!.id, options.force === true));
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, work.length) }, worker));
    return outcomes;
  }

  /**
   * One certificate under its lock: look at renewal information if it is time, renew if due
   * (or finish an order left in flight), deploy if a deploy is due or waiting to be retried.
   */
  async processOne(certificateId: string, force: boolean): Promise<RenewalOutcomeView> {
    const d = this.deps;
    const lock = await tryLockCertificate(d.store.dataDir, certificateId);
    const first = d.store.certificate(certificateId);
    const names = first?.names ?? [];
    if ('busy' in lock) {
      return {
        certificateId,
        names,
        action: 'busy',
        message: `Another PersistCert (${lock.busy}) is renewing ${names[0] ?? certificateId} right now`,
        warnings: [],
      };
    }
    try {
      await d.store.reload();
      let cert = d.store.certificate(certificateId);
      if (!cert || cert.status !== 'valid') {
        return {
          certificateId,
          names,
          action: 'not-due',
          message: `${names[0] ?? certificateId} was already renewed (or revoked) by another PersistCert process`,
          warnings: [],
        };
      }
      const profile = this.profileOf(cert);
      let plan = planCertificate(cert, d.clock.now(), d.random);
      if (plan.refreshAt <= d.clock.now()) {
        await refreshRenewalInfo(d, cert, profile?.accountId ?? cert.accountId);
        cert = d.store.certificate(certificateId)!;
        plan = planCertificate(cert, d.clock.now(), d.random);
      } else if (plan.recordsAt <= d.clock.now()) {
        await watchRecords(d, cert, profile?.accountId ?? cert.accountId);
        cert = d.store.certificate(certificateId)!;
        plan = planCertificate(cert, d.clock.now(), d.random);
      }
      if (force || isRenewalDue(plan, d.clock.now())) return await this.renew(cert, profile);
      if (cert.renewal.deployDue || (plan.deployRetryAt && plan.deployRetryAt <= d.clock.now())) {
        const report = await deployStored(d, cert, profile, cert.renewal.deployDue === true);
        cert = d.store.certificate(certificateId)!;
        plan = planCertificate(cert, d.clock.now(), d.random);
        return {
          certificateId,
          names: cert.names,
          action: report && !report.ok ? 'deploy-failed' : 'deployed',
          message:
            report && !report.ok
              ? `Deploying ${cert.names[0]} failed: ${report.error?.message ?? 'unknown error'}`
              : `Deployed ${cert.names[0]}`,
          ...(report?.error?.fix ? { fix: report.error.fix } : {}),
          renewAt: plan.renewAt.toISOString(),
          warnings: plan.warnings,
        };
      }
      return notDue(cert, plan);
    } finally {
      await lock();
    }
  }

  private async renew(cert: CertificateRecord, profile: ProfileRecord | undefined): Promise<RenewalOutcomeView> {
    const d = this.deps;
    let result;
    try {
      result = await renewCertificate(d, cert, profile);
    } catch (err) {
      const c = classifyFailure(err);
      const after = d.store.certificate(cert.id);
      const plan = after ? planCertificate(after, d.clock.now(), d.random) : undefined;
      d.log(`${cert.names[0]}: renewal failed: ${c.message}`);
      return {
        certificateId: cert.id,
        names: cert.names,
        action: 'failed',
        message: `Renewing ${cert.names[0]} failed: ${c.message}`,
        ...(c.fix ? { fix: c.fix } : {}),
        ...(plan ? { renewAt: plan.renewAt.toISOString(), warnings: plan.warnings } : { warnings: [] }),
      };
    }
    let renewed = result.certificate;
    d.log(
      `${cert.names[0]}: renewed${result.failover ? ' from the backup CA' : ''}${result.resumed ? ' (finished the order left in flight)' : ''}: serial ${renewed.serialHex}, valid until ${renewed.notAfter}`,
    );
    // RFC 9773 §4.2: ask for the new certificate's window right away.
    await refreshRenewalInfo(d, renewed, profile?.accountId ?? renewed.accountId).catch((err: Error) =>
      d.log(`${renewed.names[0]}: ${err.message}`),
    );
    renewed = d.store.certificate(renewed.id) ?? renewed;
    const report = await deployStored(d, renewed, profile, true).catch((err: Error): DeployReport => {
      d.log(`${renewed.names[0]}: deploy failed: ${err.message}`);
      return { ok: false, files: [], error: { step: 'files', message: err.message } };
    });
    renewed = d.store.certificate(renewed.id) ?? renewed;
    const plan = planCertificate(renewed, d.clock.now(), d.random);
    const deployFailed = report !== undefined && !report.ok;
    const account = d.store.account(renewed.accountId);
    return {
      certificateId: cert.id,
      names: renewed.names,
      action: deployFailed ? 'deploy-failed' : 'renewed',
      newCertificateId: renewed.id,
      ...(result.failover ? { failover: true } : {}),
      ...(result.resumed ? { resumed: true } : {}),
      message:
        `Renewed ${renewed.names.join(', ')}${result.failover ? ` from the backup CA ${account?.directoryUrl ?? ''}` : ''}: valid until ${renewed.notAfter}` +
        (deployFailed ? `; deploying it failed: ${report.error?.message ?? ''} (retried at the next run)` : ''),
      ...(deployFailed && report.error?.fix ? { fix: report.error.fix } : {}),
      renewAt: plan.renewAt.toISOString(),
      warnings: plan.warnings,
    };
  }
}

function notDue(cert: CertificateRecord, plan: CertificatePlan): RenewalOutcomeView {
  return {
    certificateId: cert.id,
    names: cert.names,
    action: 'not-due',
    message: `${cert.names[0]}: not due (${plan.reason}); next at ${plan.renewAt.toISOString()}`,
    renewAt: plan.renewAt.toISOString(),
    warnings: plan.warnings,
  };
}
