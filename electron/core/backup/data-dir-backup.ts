import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { loadAccountKey, newAccountKeyRef, saveAccountKey } from '../custody/account-keys.ts';
import { openCertificateKey, sealCertificateKey } from '../custody/certificate-keys.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { storeDocSchema, type StoreDoc } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { SealedBox } from '../keystore/secret-box.ts';
import { BackupFormatError, openBundle, sealBundle } from './bundle-file.ts';

const FORMAT = 'persistcert-data-backup';
const VERSION = 1;

const payloadSchema = z.object({
  store: storeDocSchema,
  /** Account id -> PKCS#8 DER (base64). */
  accountKeys: z.record(z.string(), z.string()),
  /** Certificate id -> PKCS#8 DER (base64); re-sealed under the new data key on restore. */
  certificateKeys: z.record(z.string(), z.string()),
});

/**
 * Everything in a data directory, for moving to another machine: the store, every account key
 * and every certificate key, sealed with one passphrase. Keychain and data-key ciphertexts do
 * not travel (they are bound to this machine), so keys are carried in the sealed payload.
 */
export async function backupDataDir(store: Store, keystore: Keystore, passphrase: string, now = new Date()): Promise<string> {
  const doc = await store.reload();
  const accountKeys: Record<string, string> = {};
  for (const a of doc.accounts) {
    accountKeys[a.id] = (await loadAccountKey(keystore, a.keyRef, a.accountUrl)).export({ type: 'pkcs8', format: 'der' }).toString('base64');
    // A rollover not yet settled travels with both keys: the CA may already hold the new one.
    const pendingDer = a.pendingKeyRef ? await keystore.get(a.pendingKeyRef) : undefined;
    if (pendingDer) {
      accountKeys[pendingEntry(a.id)] = pendingDer.toString('base64');
      pendingDer.fill(0);
    }
  }
  const certificateKeys: Record<string, string> = {};
  for (const c of doc.certificates) {
    const key = await openCertificateKey(keystore, c.id, c.sealedKey as unknown as SealedBox, store.withKeyLock);
    certificateKeys[c.id] = key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  }
  return sealBundle(FORMAT, VERSION, { store: doc, accountKeys, certificateKeys }, passphrase, now);
}

/** Restores into an empty data directory (refuses to mix two stores). */
export async function restoreDataDir(store: Store, keystore: Keystore, bundleText: string, passphrase: string): Promise<StoreDoc> {
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
      await saveAccountKey(keystore, a.pendingKeyRef, createPrivateKey({ key: Buffer.from(pending, 'base64'), format: 'der', type: 'pkcs8' }));
    }
  }
  for (const c of doc.certificates) {
    const b64 = payload.certificateKeys[c.id];
    if (!b64) throw new BackupFormatError(`The backup lacks the key of certificate ${c.names.join(', ')}`);
    const key = createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
    c.sealedKey = (await sealCertificateKey(keystore, c.id, key, store.withKeyLock)) as unknown as typeof c.sealedKey;
  }
  await store.update((d) => {
    d.accounts = doc.accounts;
    d.profiles = doc.profiles;
    d.certificates = doc.certificates;
  });
  return doc;
}

/** Where the pending key of an unsettled rollover is carried in `accountKeys`. */
function pendingEntry(accountId: string): string {
  return `${accountId}#pending`;
}
