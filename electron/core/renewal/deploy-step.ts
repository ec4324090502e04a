import { deployCertificate, hasDeploySteps, type DeployReport } from '../deploy/deploy.ts';
import { HISTORY_LIMIT, type CertificateRecord, type ProfileRecord } from '../store/schema.ts';
import { verifyCertificateDeployment } from '../verify/verify-certificate.ts';
import { describeVerdict, recordVerification } from '../verify/verification-record.ts';
import type { EndpointResult } from '../verify/verify-deploy.ts';
import type { RenewalDeps } from './renewal-deps.ts';

/** How much of a deploy command's output the certificate's log keeps. */
const LOG_OUTPUT_LIMIT = 4096;

/** The keystore ref of a profile's PFX password. */
export const pfxPasswordRef = (profileId: string) => `pfx-password:${profileId}`;

/**
 * Deploys a stored certificate with its profile's targets and command, and records the result
 * in the certificate's log. A failure marks the deploy pending (retried at the next run with a
 * growing delay); the certificate itself is already stored and stays.
 */
export type DeployOutcome = DeployReport & { verification?: EndpointResult[] };

export async function deployStored(
  d: RenewalDeps,
  cert: CertificateRecord,
  profile: ProfileRecord | undefined,
  renewed: boolean,
): Promise<DeployOutcome | undefined> {
  const plan = { targets: profile?.exportTargets ?? [], ...(profile?.deployCommand ? { command: profile.deployCommand } : {}) };
  if (!hasDeploySteps(plan)) {
    if (cert.renewal.deployDue || cert.renewal.deployPending) await settle(d, cert.id, undefined);
    return undefined;
  }
  const account = d.store.account(cert.accountId);
  const report = await deployOnce(d, cert, plan, renewed, account?.directoryUrl ?? '');
  await settle(d, cert.id, report);
  const what = `${report.files.length} file(s)${report.command ? `, command exited ${report.command.timedOut ? 'by timeout' : (report.command.exitCode ?? report.command.signal)}` : ''}`;
  d.log(`${cert.names[0]}: ${report.ok ? 'deployed' : 'deploy failed'}: ${report.ok ? what : report.error?.message}`);
  if (!report.ok || !profile?.verifyEndpoints.length) return report;
  const verification = await verifyDeployed(d, cert, profile);
  return { ...report, verification };
}

/**
 * After a deploy: does every configured server serve the new certificate? Servers reload
 * asynchronously, so each is asked again for up to a minute. The results go into the
 * certificate's renewal state and log (renew --status, the dashboard, notices).
 */
export async function verifyDeployed(d: RenewalDeps, cert: CertificateRecord, profile: ProfileRecord): Promise<EndpointResult[]> {
  const results = await verifyCertificateDeployment(cert, d.store.snapshot.certificates, profile.verifyEndpoints, {
    retryForMs: profile.verifyWaitSec * 1000,
    ...d.verify,
    ...(profile.deployCommand ? { deployCommand: profile.deployCommand.run } : {}),
  });
  await recordVerification(d.store, cert.id, results, d.clock.now());
  for (const r of results) d.log(`${cert.names[0]}: ${r.endpoint} ${describeVerdict(r)}`);
  return results;
}

/** Never throws: a keystore that cannot open the key is a failed deploy like any other, retried with backoff. */
async function deployOnce(
  d: RenewalDeps,
  cert: CertificateRecord,
  plan: Parameters<typeof deployCertificate>[1],
  renewed: boolean,
  directoryUrl: string,
): Promise<DeployReport> {
  try {
    return await deployCertificate(
      {
        certificateId: cert.id,
        names: cert.names,
        chainPem: cert.chainPem,
        privateKey: await d.certificates.privateKey(cert),
        serialHex: cert.serialHex,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        renewed,
        ...(cert.replacedId ? { previousCertificateId: cert.replacedId } : {}),
        directoryUrl,
      },
      plan,
      {
        pfxPassword: async (ref) => {
          const secret = await d.keystore.get(ref);
          if (!secret)
            throw new Error(
              `The PFX password for this certificate is missing from ${d.keystore.describe()}; set it again in the certificate's deploy settings`,
            );
          try {
            return secret.toString('utf8');
          } finally {
            secret.fill(0);
          }
        },
        ...(d.deployEnv ? { env: d.deployEnv } : {}),
        outputLimitBytes: LOG_OUTPUT_LIMIT,
      },
    );
  } catch (err) {
    return { ok: false, files: [], error: { step: 'files', message: (err as Error).message } };
  }
}

async function settle(d: RenewalDeps, certificateId: string, report: DeployReport | undefined): Promise<void> {
  const at = d.clock.now().toISOString();
  await d.store.updateCertificate(certificateId, (c) => {
    delete c.renewal.deployDue;
    if (!report) {
      delete c.renewal.deployPending;
      return;
    }
    const output = report.command?.output ? `\n${report.command.output}` : '';
    if (report.ok) {
      delete c.renewal.deployPending;
      c.renewal.lastDeployedAt = at;
      c.history = [
        ...c.history,
        {
          at,
          event: 'deployed',
          detail: `${report.files.map((f) => f.path).join(', ') || 'no files'}${report.command ? `; ran: ${report.command.run}` : ''}${output}`,
        },
      ].slice(-HISTORY_LIMIT);
    } else {
      const message = report.error?.message ?? 'the deploy failed';
      c.renewal.deployPending = {
        since: c.renewal.deployPending?.since ?? at,
        lastAt: at,
        attempts: (c.renewal.deployPending?.attempts ?? 0) + 1,
        message,
      };
      c.history = [
        ...c.history,
        { at, event: 'deploy-failed', detail: `${message}${report.error?.fix ? ` (fix: ${report.error.fix})` : ''}${output}` },
      ].slice(-HISTORY_LIMIT);
    }
  });
}
