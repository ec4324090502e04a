import { createPrivateKey } from 'node:crypto';
import { z } from '../../../shared/zod.ts';
import { loadAccountKey, newAccountKeyRef, saveAccountKey } from '../custody/account-keys.ts';
import { openCertificateKey, sealCertificateKey } from '../custody/certificate-keys.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { readSettingsFile, settingsFileSchema, writeSettingsFile } from '../app/settings.ts';
import { storeDocSchema, type StoreDoc } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { BackupFormatError, openBundle, sealBundle } from './bundle-file.ts';

const FORMAT = 'persistcert-data-backup';
const VERSION = 1;

const payloadSchema = z.object({
  store: storeDocSchema,
  /** Account id -> PKCS#8 DER (base64). */
  accountKeys: z.record(z.string(), z.string()),
  /** Certificate id -> PKCS#8 DER (base64); re-sealed under the new data key on restore. */
  certificateKeys: z.record(z.string(), z.string()),
  /** Other keystore entries the store refers to (PFX deploy passwords), by ref; absent before 0.1.1. */
  secrets: z.record(z.string(), z.string()).default({}),
  /** The data dir's settings.json (app settings and the CLI's config), if there was one. */
  settings: settingsFileSchema.optional(),
});

export interface RestoreResult {
  doc: StoreDoc;
  /** What could not be restored as it was, each with what to do. */
  warnings: string[];
}

/**
 * Everything in a data directory, for moving to another machine: the store, every account key,
 * every certificate key, every other keystore entry the store names (PFX deploy passwords) and
 * the settings, sealed with one passphrase. Keychain and data-key ciphertexts do not travel
 * (they are bound to this machine), so keys are carried in the sealed payload.
 */
export async function backupDataDir(store: Store, keystore: Keystore, passphrase: string, now = new Date()): Promise<string> {
  const doc = await store.readConsistent();
  const accountKeys: Record<string, string> = {};
  for (const a of doc.accounts) {
    accountKeys[a.id] = (await loadAccountKey(keystore, a.keyRef, a.accountUrl))
      .export({ type: 'pkcs8', format: 'der' })
      .toString('base64');
    // A rollover not yet settled travels with both keys: the CA may already hold the new one.
    const pendingDer = a.pendingKeyRef ? await keystore.get(a.pendingKeyRef) : undefined;
    if (pendingDer) {
      accountKeys[pendingEntry(a.id)] = pendingDer.toString('base64');
      pendingDer.fill(0);
    }
  }
  const certificateKeys: Record<string, string> = {};
  for (const c of doc.certificates) {
    const key = await openCertificateKey(keystore, c.id, c.sealedKey, store.withKeyLock);
    certificateKeys[c.id] = key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  }
  const secrets: Record<string, string> = {};
  for (const ref of secretRefs(doc)) {
    const value = await keystore.get(ref);
    // A password that is gone is already a failing deploy; the backup says so rather than guess.
    if (!value)
      throw new BackupFormatError(
        `The keystore has no entry ${ref}, which the store names (a PFX deploy password): set it again with persistcert configure --pfx-password-file, then back up`,
      );
    secrets[ref] = value.toString('base64');
    value.fill(0);
  }
  const settings = await readSettingsFile(store.dataDir);
  // The webhook URL's token travels with the settings that name it (a missing one is already
  // reported by every notice, and there is nothing of it to keep).
  const webhookSecret = settings?.webhookUrlRef ? await keystore.get(settings.webhookUrlRef) : undefined;
  if (webhookSecret && settings?.webhookUrlRef) {
    secrets[settings.webhookUrlRef] = webhookSecret.toString('base64');
    webhookSecret.fill(0);
  }
  return sealBundle(
    FORMAT,
    VERSION,
    { store: doc, accountKeys, certificateKeys, secrets, ...(settings ? { settings } : {}) },
    passphrase,
    now,
  );
}

export interface DataDirBackupSummary {
  accounts: number;
  certificates: number;
  deployPasswords: number;
  settings: boolean;
}

/**
 * The `backup` use case: seals the data dir into `out` (0600, atomically), then records every
 * account as backed up, since the file holds its key (and a pending rollover's key too).
 */
export async function writeDataDirBackup(
  core: { store: Store; keystore: Keystore; accounts: AccountService },
  out: string,
  passphrase: string,
  options: { overwrite: boolean },
): Promise<DataDirBackupSummary> {
  const text = await backupDataDir(core.store, core.keystore, passphrase);
  await writeFileAtomic(out, text, { mode: 0o600, overwrite: options.overwrite });
  const doc = core.store.snapshot;
  for (const account of doc.accounts) await core.accounts.markBackedUp(account);
  return {
    accounts: doc.accounts.length,
    certificates: doc.certificates.length,
    deployPasswords: secretRefs(doc).length,
    settings: (await readSettingsFile(core.store.dataDir)) !== undefined,
  };
}

/** Restores into an empty data directory (refuses to mix two stores). */
export async function restoreDataDir(store: Store, keystore: Keystore, bundleText: string, passphrase: string): Promise<RestoreResult> {
  const payload = await openBundle(bundleText, FORMAT, VERSION, payloadSchema, passphrase, 'data directory backup');
  const current = await store.reload();
  if (current.accounts.length || current.certificates.length || current.profiles.length) {
    throw new BackupFormatError(
      `${store.dataDir} already holds ${current.accounts.length} account(s) and ${current.certificates.length} certificate(s); restore into an empty data directory (--data-dir)`,
    );
  }
  const doc = structuredClone(payload.store);
  for (const a of doc.accounts) {
    const b64 = payload.accountKeys[a.id];
    if (!b64) throw new BackupFormatError(`The backup lacks the key of account ${a.accountUrl}`);
    const ref = newAccountKeyRef(a.id);
    await saveAccountKey(keystore, ref, createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' }));
    a.keyRef = ref;
    delete a.pendingKeyRef;
    const pending = payload.accountKeys[pendingEntry(a.id)];
    if (pending) {
      // Restored as still pending, so the first use asks the CA which key it holds (RFC 8555 §7.3.1).
      a.pendingKeyRef = newAccountKeyRef(a.id);
      await saveAccountKey(
        keystore,
        a.pendingKeyRef,
        createPrivateKey({ key: Buffer.from(pending, 'base64'), format: 'der', type: 'pkcs8' }),
      );
    }
  }
  for (const c of doc.certificates) {
    const b64 = payload.certificateKeys[c.id];
    if (!b64) throw new BackupFormatError(`The backup lacks the key of certificate ${c.names.join(', ')}`);
    const key = createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
    c.sealedKey = await sealCertificateKey(keystore, c.id, key, store.withKeyLock);
  }
  const warnings: string[] = [];
  for (const ref of secretRefs(doc)) {
    const b64 = payload.secrets[ref];
    if (b64) await keystore.set(ref, Buffer.from(b64, 'base64'));
    else
      warnings.push(
        `The backup has no ${describeRef(ref, doc)} (it predates backups of deploy passwords): set it again with persistcert configure --pfx-password-file`,
      );
  }
  if (payload.settings) {
    if (await readSettingsFile(store.dataDir))
      warnings.push(`${store.dataDir}/settings.json exists and was kept; the backup's settings were not applied`);
    else {
      const ref = payload.settings.webhookUrlRef;
      const b64 = ref ? payload.secrets[ref] : undefined;
      if (ref && b64) await keystore.set(ref, Buffer.from(b64, 'base64'));
      else if (ref)
        warnings.push("The backup has no token for the webhook URL in its settings: enter the webhook URL again in the app's Settings");
      await writeSettingsFile(store.dataDir, payload.settings);
    }
  }
  await store.transact((tx) => {
    for (const a of doc.accounts) tx.putAccount(a);
    for (const p of doc.profiles) tx.putProfile(p);
    for (const c of doc.certificates) tx.putCertificate(c);
  });
  return { doc, warnings };
}

/** Keystore refs the store names besides account and certificate keys: PFX deploy passwords. */
function secretRefs(doc: StoreDoc): string[] {
  return [
    ...new Set(doc.profiles.flatMap((p) => p.exportTargets.flatMap((t) => (t.kind === 'pfx' && t.passwordRef ? [t.passwordRef] : [])))),
  ];
}

function describeRef(ref: string, doc: StoreDoc): string {
  const profile = doc.profiles.find((p) => p.exportTargets.some((t) => t.kind === 'pfx' && t.passwordRef === ref));
  return profile ? `PFX password for ${profile.names.join(', ')}` : `keystore entry ${ref}`;
}

/** Where the pending key of an unsettled rollover is carried in `accountKeys`. */
function pendingEntry(accountId: string): string {
  return `${accountId}#pending`;
}
