import type { AccountView } from '../../../shared/api/views.ts';
import { emailProblem } from '../../../shared/email.ts';
import { backupAccount as sealAccountBackup, restoreAccount as openAccountBackup } from '../backup/account-backup.ts';
import type { KeyType } from '../crypto/keys.ts';
import type { AccountRecord } from '../store/schema.ts';
import { toAccountView } from '../app/views.ts';
import { InputError } from '../user-error.ts';
import type { Core } from './core.ts';

type AccountsCore = Pick<Core, 'accounts' | 'certificates' | 'store'>;

/**
 * Contact addresses as typed (with or without `mailto:`), checked and turned into the mailto:
 * URIs RFC 8555 §7.3 sends. An empty entry is dropped; a bad one is refused as typed, without
 * a `mailto:` the user never wrote.
 */
export function contactUris(typed: readonly string[]): string[] {
  const emails = typed.map((c) => c.trim().replace(/^mailto:/i, '')).filter((c) => c !== '');
  for (const email of emails) {
    const problem = emailProblem(email);
    if (problem) throw new InputError(problem, 'Correct the email address, or leave it empty');
  }
  return emails.map((e) => `mailto:${e}`);
}

export interface CreateAccountRequest {
  directoryUrl: string;
  agreeToTerms: boolean;
  contact: readonly string[];
  keyType?: KeyType | undefined;
  eab?: { kid: string; hmacKey: string } | undefined;
}

/** Registers a new ACME account (RFC 8555 §7.3); its key goes to the keystore. */
export async function createAccount(core: Pick<Core, 'accounts'>, input: CreateAccountRequest): Promise<AccountRecord> {
  return core.accounts.create({
    directoryUrl: input.directoryUrl,
    agreeToTerms: input.agreeToTerms,
    contact: contactUris(input.contact),
    ...(input.keyType ? { keyType: input.keyType } : {}),
    externalAccountBinding: input.eab,
  });
}

/** Every account as the UI and `--json` show it, read fresh from the store. */
export async function listAccounts(core: AccountsCore): Promise<AccountView[]> {
  await core.store.refresh();
  return accountViews(core, core.accounts.list());
}

export function accountView(core: Pick<Core, 'certificates'>, a: AccountRecord): AccountView {
  return toAccountView(a, core.certificates.summaries());
}

/** Several accounts' views from one read of the certificates' summaries. */
export function accountViews(core: Pick<Core, 'certificates'>, accounts: readonly AccountRecord[]): AccountView[] {
  const certificates = core.certificates.summaries();
  return accounts.map((a) => toAccountView(a, certificates));
}

/** The account's key and URL sealed with a passphrase, and a file name that says which CA and when. */
export async function backupAccount(
  core: Pick<Core, 'accounts'>,
  input: { accountId?: string | undefined; passphrase: string },
  now = new Date(),
): Promise<{ account: AccountRecord; fileName: string; content: string }> {
  const account = core.accounts.find(input.accountId);
  const content = await sealAccountBackup(core.accounts, account, input.passphrase, now);
  const host = new URL(account.directoryUrl).hostname;
  return { account, fileName: `persistcert-account-${host}-${now.toISOString().slice(0, 10)}.json`, content };
}

/** The user chose not to back the account up now; the reminder stops. */
export async function declineBackup(core: AccountsCore, input: { accountId: string }, now = new Date()): Promise<AccountRecord> {
  const record: AccountRecord = { ...core.accounts.find(input.accountId), backupDeclinedAt: now.toISOString() };
  await core.store.putAccount(record);
  return record;
}

/** Brings back an account from its backup; records naming it keep working. */
export async function restoreAccount(
  core: Pick<Core, 'accounts'>,
  input: { content: string; passphrase: string; verifyWithCa: boolean },
): Promise<AccountRecord> {
  return openAccountBackup(core.accounts, input.content, input.passphrase, { verifyWithCa: input.verifyWithCa });
}

/** A new account key (RFC 8555 §7.3.5); the account URL, and so every DNS record, stays. */
export async function rolloverAccount(
  core: Pick<Core, 'accounts'>,
  input: { accountId?: string | undefined; keyType?: KeyType | undefined },
): Promise<AccountRecord> {
  return core.accounts.rollover(core.accounts.find(input.accountId), input.keyType);
}
