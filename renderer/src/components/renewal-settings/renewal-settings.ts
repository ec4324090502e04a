import type { MethodParams } from '../../../../shared/api/contract.ts';
import type { AccountView, RenewalSettingsView } from '../../../../shared/api/views.ts';
import type { Compat, KeyFormat } from '../export/formats.ts';
import { parseVerifyEndpoint } from '../../../../shared/verify-endpoint.ts';

/** The renewal settings form's fields as typed (numbers stay text until validated). */
export interface RenewalDraft {
  autoRenew: boolean;
  reuseKey: boolean;
  pemOn: boolean;
  pemDir: string;
  keyFormat: KeyFormat;
  pfxOn: boolean;
  pfxPath: string;
  compat: Compat;
  /** Never prefilled: the stored password does not leave the keystore. */
  password: string;
  /** Replace the stored password with an empty one. */
  clearPassword: boolean;
  cmdOn: boolean;
  run: string;
  timeout: string;
  backupAccountId: string;
  failover: string;
  /** Servers checked after each deploy, one host:port[,sni=][,starttls=] per line. */
  verify: string;
  verifyWait: string;
}

export type RenewalField = 'pemDir' | 'pfxPath' | 'password' | 'run' | 'timeout' | 'verify' | 'verifyWait' | 'failover';
/** In form order, so the first invalid one can take focus. */
export const FIELD_ORDER: readonly RenewalField[] = ['pemDir', 'pfxPath', 'password', 'run', 'timeout', 'verify', 'verifyWait', 'failover'];
export type RenewalErrors = Partial<Record<RenewalField, string>>;

export const DEFAULT_TIMEOUT_SEC = 60;

export function draftOf(v: RenewalSettingsView, defaults: { pemDir: string; pfxPath: string }): RenewalDraft {
  return {
    autoRenew: v.autoRenew,
    reuseKey: v.reuseKey,
    pemOn: v.pem !== null,
    pemDir: v.pem?.dir ?? defaults.pemDir,
    keyFormat: v.pem?.keyFormat ?? 'pkcs8',
    pfxOn: v.pfx !== null,
    pfxPath: v.pfx?.path ?? defaults.pfxPath,
    compat: v.pfx?.compatibility ?? 'modern',
    password: '',
    clearPassword: false,
    cmdOn: v.command !== null,
    run: v.command?.run ?? '',
    timeout: String(v.command?.timeoutSec ?? DEFAULT_TIMEOUT_SEC),
    backupAccountId: v.backupAccountId ?? '',
    failover: String(v.failoverAfter),
    verify: v.verifyEndpoints.join('\n'),
    verifyWait: String(v.verifyWaitSec),
  };
}

const verifyLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A whole number in [min, max] as typed, or null. */
function wholeIn(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The same limits as the contract's schema, said in words; only for the parts switched on. */
export function validate(d: RenewalDraft): RenewalErrors {
  const e: RenewalErrors = {};
  if (d.pemOn) {
    if (!d.pemDir.trim()) e.pemDir = 'Enter the folder for the PEM files, or turn PEM files off.';
    else if (d.pemDir.trim().length > 4096) e.pemDir = 'The folder path is too long (at most 4096 characters).';
  }
  if (d.pfxOn) {
    if (!d.pfxPath.trim()) e.pfxPath = 'Enter the path of the PFX file, or turn the PFX file off.';
    else if (d.pfxPath.trim().length > 4096) e.pfxPath = 'The file path is too long (at most 4096 characters).';
    if (d.password.length > 1024) e.password = 'The password is too long (at most 1024 characters).';
  }
  if (d.cmdOn) {
    if (!d.run.trim()) e.run = 'Enter the command to run, or turn the command off.';
    else if (d.run.trim().length > 4000) e.run = 'The command is too long (at most 4000 characters).';
    if (wholeIn(d.timeout, 1, 3600) === null) e.timeout = 'Enter a whole number of seconds from 1 to 3600.';
  }
  const badEndpoint = verifyLines(d.verify)
    .map(parseVerifyEndpoint)
    .find((r) => !r.ok);
  if (badEndpoint && !badEndpoint.ok) e.verify = badEndpoint.error;
  else if (verifyLines(d.verify).length > 20) e.verify = 'At most 20 servers.';
  if (wholeIn(d.verifyWait, 0, 3600) === null) e.verifyWait = 'Enter a whole number of seconds from 0 to 3600.';
  if (wholeIn(d.failover, 1, 20) === null) e.failover = 'Enter a whole number of failed attempts from 1 to 20.';
  return e;
}

/** What setRenewalSettings gets; an empty password field is left out, so the stored one is kept. */
export function paramsOf(certificateId: string, d: RenewalDraft): MethodParams<'setRenewalSettings'> {
  const password = d.clearPassword ? { password: '' } : d.password ? { password: d.password } : {};
  return {
    certificateId,
    autoRenew: d.autoRenew,
    reuseKey: d.reuseKey,
    pem: d.pemOn ? { dir: d.pemDir.trim(), keyFormat: d.keyFormat } : null,
    pfx: d.pfxOn ? { path: d.pfxPath.trim(), compatibility: d.compat, ...password } : null,
    command: d.cmdOn ? { run: d.run.trim(), timeoutSec: Number(d.timeout.trim()) } : null,
    backupAccountId: d.backupAccountId || null,
    failoverAfter: Number(d.failover.trim()),
    verifyEndpoints: verifyLines(d.verify),
    verifyWaitSec: Number(d.verifyWait.trim()),
  };
}

/** Accounts that can back up `accountId`: at another CA (another directory URL), and usable. */
export function backupCandidates(
  accounts: readonly AccountView[],
  accountId: string,
  fallbackDirectoryUrl: string,
  current: string,
): AccountView[] {
  const primary = accounts.find((a) => a.id === accountId)?.directoryUrl ?? fallbackDirectoryUrl;
  return accounts.filter((a) => a.id !== accountId && a.directoryUrl !== primary && (a.status === 'valid' || a.id === current));
}

/** The variables a deploy command gets (as electron/core/deploy/deploy-env.ts sets them). */
export const DEPLOY_VARIABLES: readonly { name: string; description: string }[] = [
  { name: 'PERSISTCERT_CERT_PATH', description: 'the certificate (cert.pem) in the PEM folder' },
  { name: 'PERSISTCERT_KEY_PATH', description: 'the private key (privkey.pem) in the PEM folder' },
  { name: 'PERSISTCERT_FULLCHAIN_PATH', description: 'certificate and intermediates (fullchain.pem)' },
  { name: 'PERSISTCERT_CHAIN_PATH', description: 'the intermediates (chain.pem), when the CA sent any' },
  { name: 'PERSISTCERT_PFX_PATH', description: 'the PFX file' },
  { name: 'PERSISTCERT_NAMES', description: 'the names it covers, separated by spaces' },
  { name: 'PERSISTCERT_PRIMARY_NAME', description: 'its first name' },
  { name: 'PERSISTCERT_SERIAL', description: 'its serial number, lowercase hex' },
  { name: 'PERSISTCERT_NOT_BEFORE', description: 'start of validity, ISO 8601' },
  { name: 'PERSISTCERT_NOT_AFTER', description: 'end of validity, ISO 8601' },
  { name: 'PERSISTCERT_RENEWED', description: '1 right after a renewal, 0 when a deploy is retried' },
  { name: 'PERSISTCERT_CERT_ID', description: "the certificate's id in PersistCert" },
  { name: 'PERSISTCERT_PREVIOUS_CERT_ID', description: 'the certificate it replaces, when there is one' },
  { name: 'PERSISTCERT_CA', description: "the CA's ACME directory URL" },
];
