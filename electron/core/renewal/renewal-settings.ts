import { randomUUID } from 'node:crypto';
import type { MethodParams } from '../../../shared/api/contract.ts';
import type { RenewalSettingsView } from '../../../shared/api/views.ts';
import { formatVerifyEndpoint, parseVerifyEndpoint, type VerifyEndpoint } from '../../../shared/verify-endpoint.ts';
import type { Keystore } from '../keystore/keystore.ts';
import type { CertificateRecord, ExportTarget, ProfileRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { pfxPasswordRef } from './deploy-step.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

export type RenewalSettingsInput = Omit<MethodParams<'setRenewalSettings'>, 'certificateId'>;

/** Bad renewal settings: the message says which field and what to change. */
export class RenewalSettingsError extends UserError {
  override name = 'RenewalSettingsError';
  readonly apiCode: ApiErrorCode = 'bad-request';
  constructor(message: string) {
    super(message);
  }
}

/**
 * A certificate's renewal and deploy settings live in its profile, which every renewal carries
 * over to the new certificate. A certificate issued without one gets one on first change.
 */
export function renewalSettingsView(store: Store, cert: CertificateRecord): RenewalSettingsView {
  const p = cert.profileId ? store.profile(cert.profileId) : undefined;
  const pem = p?.exportTargets.find((t) => t.kind === 'pem');
  const pfx = p?.exportTargets.find((t) => t.kind === 'pfx');
  return {
    certificateId: cert.id,
    names: cert.names,
    accountId: p?.accountId ?? cert.accountId,
    autoRenew: p?.autoRenew ?? true,
    reuseKey: p?.reuseKey ?? false,
    pem: pem ? { dir: pem.dir, keyFormat: pem.keyFormat } : null,
    pfx: pfx ? { path: pfx.path, compatibility: pfx.compatibility, hasPassword: pfx.passwordRef !== undefined } : null,
    command: p?.deployCommand ? { run: p.deployCommand.run, timeoutSec: p.deployCommand.timeoutSec } : null,
    backupAccountId: p?.backupAccountId ?? null,
    failoverAfter: p?.failoverAfter ?? 3,
    verifyEndpoints: (p?.verifyEndpoints ?? []).map(formatVerifyEndpoint),
    verifyWaitSec: p?.verifyWaitSec ?? 60,
  };
}

export async function saveRenewalSettings(
  store: Store,
  keystore: Keystore,
  cert: CertificateRecord,
  input: RenewalSettingsInput,
  now: Date,
): Promise<RenewalSettingsView> {
  const existing = cert.profileId ? store.profile(cert.profileId) : undefined;
  const primaryId = existing?.accountId ?? cert.accountId;
  const primary = store.account(primaryId);
  if (input.backupAccountId !== null) {
    const backup = store.account(input.backupAccountId);
    if (!backup) throw new RenewalSettingsError(`There is no account ${input.backupAccountId}; choose one from the account list`);
    if (backup.id === primaryId)
      throw new RenewalSettingsError("The backup account is the certificate's own account; choose an account at another CA");
    if (primary && backup.directoryUrl === primary.directoryUrl) {
      throw new RenewalSettingsError(
        `The backup account is at the same CA (${backup.directoryUrl}); failover needs an account at another CA, with its own record published`,
      );
    }
    if (backup.status !== 'valid') throw new RenewalSettingsError(`The backup account is ${backup.status}; choose a valid one`);
  }
  for (const [what, p] of [
    ['PEM folder', input.pem?.dir],
    ['PFX file', input.pfx?.path],
  ] as const) {
    if (p !== undefined && !isAbsolutePath(p))
      throw new RenewalSettingsError(
        `The ${what} must be an absolute path (it is used by the daemon too, whatever its working folder), not "${p}"`,
      );
  }
  const verifyEndpoints =
    input.verifyEndpoints === undefined ? (existing?.verifyEndpoints ?? []) : input.verifyEndpoints.map(parseEndpointSetting);
  const profileId = existing?.id ?? randomUUID();
  const targets: ExportTarget[] = [];
  if (input.pem) targets.push({ kind: 'pem', dir: input.pem.dir, keyFormat: input.pem.keyFormat });
  if (input.pfx) {
    const ref = pfxPasswordRef(profileId);
    const previous = existing?.exportTargets.find((t) => t.kind === 'pfx');
    let passwordRef = previous?.kind === 'pfx' ? previous.passwordRef : undefined;
    if (input.pfx.password !== undefined) {
      if (input.pfx.password === '') {
        await keystore.delete(ref);
        passwordRef = undefined;
      } else {
        await keystore.set(ref, Buffer.from(input.pfx.password, 'utf8'));
        passwordRef = ref;
      }
    }
    targets.push({ kind: 'pfx', path: input.pfx.path, compatibility: input.pfx.compatibility, ...(passwordRef ? { passwordRef } : {}) });
  }
  const profile: ProfileRecord = {
    id: profileId,
    names: cert.names,
    accountId: primaryId,
    keyType: existing?.keyType ?? cert.keyType,
    ...(existing?.acmeProfile ? { acmeProfile: existing.acmeProfile } : {}),
    exportTargets: targets,
    createdAt: existing?.createdAt ?? now.toISOString(),
    autoRenew: input.autoRenew,
    reuseKey: input.reuseKey,
    ...(input.command ? { deployCommand: { run: input.command.run, timeoutSec: input.command.timeoutSec } } : {}),
    ...(input.backupAccountId !== null ? { backupAccountId: input.backupAccountId } : {}),
    failoverAfter: input.failoverAfter,
    verifyEndpoints,
    verifyWaitSec: input.verifyWaitSec ?? existing?.verifyWaitSec ?? 60,
  };
  await store.transact((tx) => {
    const c = tx.certificate(cert.id);
    if (!c) throw new RenewalSettingsError(`Certificate ${cert.id} is no longer in the store`);
    tx.putProfile(profile);
    c.profileId = profileId;
    tx.putCertificate(c);
  });
  return renewalSettingsView(store, store.certificate(cert.id)!);
}

function parseEndpointSetting(text: string): VerifyEndpoint {
  const parsed = parseVerifyEndpoint(text);
  if (!parsed.ok) throw new RenewalSettingsError(`Server to verify "${text}": ${parsed.error}`);
  return parsed.endpoint;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}
