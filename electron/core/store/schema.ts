import { z } from 'zod';
import { KEY_TYPES } from '../crypto/keys.ts';

/**
 * What the data directory's store.json holds (format version 1). Private keys are not here:
 * account keys live in the keystore (referenced by `keyRef`), certificate keys are sealed with
 * the data key, which also lives in the keystore.
 */

const keyType = z.enum(KEY_TYPES as [string, ...string[]]);

/** An AES-256-GCM box as produced by keystore/secret-box.ts; validated in depth when opened. */
const sealedBox = z.looseObject({ v: z.number(), cipher: z.string(), iv: z.string(), ct: z.string(), tag: z.string() });

export const accountRecordSchema = z.object({
  id: z.string().min(1),
  /** RFC 8555 §7.1.1 directory this account belongs to. */
  directoryUrl: z.string().url(),
  /** The account URL: what dns-persist-01 records name as accounturi. */
  accountUrl: z.string().url(),
  keyRef: z.string().min(1),
  keyType,
  /** Set while a key rollover is in flight (RFC 8555 §7.3.5), so a crash cannot lose the new key. */
  pendingKeyRef: z.string().optional(),
  contact: z.array(z.string()).default([]),
  status: z.enum(['valid', 'deactivated', 'revoked']).default('valid'),
  createdAt: z.string(),
  /** When the user last saved an encrypted backup of this account (the key is the asset). */
  backedUpAt: z.string().optional(),
  /** When the user chose to go on without a backup, having been told what that risks. */
  backupDeclinedAt: z.string().optional(),
  label: z.string().optional(),
});
export type AccountRecord = z.infer<typeof accountRecordSchema>;

export const exportTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pem'), dir: z.string(), keyFormat: z.enum(['pkcs8', 'sec1', 'pkcs1']).default('pkcs8') }),
  z.object({ kind: z.literal('pfx'), path: z.string(), compatibility: z.enum(['modern', 'legacy']), passwordRef: z.string().optional() }),
]);
export type ExportTarget = z.infer<typeof exportTargetSchema>;

export const profileRecordSchema = z.object({
  id: z.string().min(1),
  names: z.array(z.string().min(1)).min(1),
  accountId: z.string().min(1),
  keyType: keyType.default('ec-p256'),
  acmeProfile: z.string().optional(),
  exportTargets: z.array(exportTargetSchema).default([]),
  createdAt: z.string(),
});
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

export const historyEntrySchema = z.object({ at: z.string(), event: z.string(), detail: z.string().optional() });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const certificateRecordSchema = z.object({
  id: z.string().min(1),
  profileId: z.string().optional(),
  accountId: z.string().min(1),
  names: z.array(z.string()).min(1),
  /** Leaf first, then the chain. */
  chainPem: z.string().includes('-----BEGIN CERTIFICATE-----'),
  keyType,
  /** The certificate's private key (PKCS#8 DER), sealed with the data key. */
  sealedKey: sealedBox,
  serialHex: z.string(),
  /** RFC 9773 §4.1 identifier, for renewalInfo and `replaces`. */
  ariId: z.string().optional(),
  notBefore: z.string(),
  notAfter: z.string(),
  issuedAt: z.string(),
  orderUrl: z.string().optional(),
  status: z.enum(['valid', 'revoked', 'replaced']).default('valid'),
  history: z.array(historyEntrySchema).default([]),
});
export type CertificateRecord = z.infer<typeof certificateRecordSchema>;

export const storeDocSchema = z.object({
  accounts: z.array(accountRecordSchema),
  profiles: z.array(profileRecordSchema),
  certificates: z.array(certificateRecordSchema),
});
export type StoreDoc = z.infer<typeof storeDocSchema>;

export const STORE_FORMAT = {
  format: 'persistcert-store',
  version: 1,
  schema: storeDocSchema as z.ZodType<StoreDoc>,
  // Version 1 is the first; a future version 2 adds `1: (doc) => …` here.
  migrations: {},
};
