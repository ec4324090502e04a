import { z } from '../../../shared/zod.ts';
import { KEY_TYPES } from '../crypto/keys.ts';
import { sealedBoxSchema } from '../keystore/secret-box.ts';
import { CERTIFICATE_STATUSES, HISTORY_LIMIT, isTimestamp, NOT_A_TIMESTAMP } from './fields.ts';

export { CERTIFICATE_STATUSES, HISTORY_LIMIT, isTimestamp, NOT_A_TIMESTAMP };

/**
 * What the data directory's store.json holds (format version 1). Private keys are not here:
 * account keys live in the keystore (referenced by `keyRef`), certificate keys are sealed with
 * the data key, which also lives in the keystore.
 */

const keyType = z.enum(KEY_TYPES as [string, ...string[]]);

/** A moment as PersistCert writes it (fields.ts isTimestamp). */
const timestamp = z.string().refine(isTimestamp, NOT_A_TIMESTAMP);

/** An AES-256-GCM box as produced by keystore/secret-box.ts. */
const sealedBox = sealedBoxSchema;

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
  /** When the key was last rolled over: older backups hold a key the CA no longer accepts. */
  rolledOverAt: timestamp.optional(),
  contact: z.array(z.string()).default([]),
  status: z.enum(['valid', 'deactivated', 'revoked']).default('valid'),
  createdAt: timestamp,
  /** When the user last saved an encrypted backup of this account (the key is the asset). */
  backedUpAt: timestamp.optional(),
  /** When the user chose to go on without a backup, having been told what that risks. */
  backupDeclinedAt: timestamp.optional(),
  label: z.string().optional(),
});
export type AccountRecord = z.infer<typeof accountRecordSchema>;

export const exportTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pem'), dir: z.string().min(1), keyFormat: z.enum(['pkcs8', 'sec1', 'pkcs1']).default('pkcs8') }),
  /** The PFX password lives in the keystore under `passwordRef`; without one the file has an empty password. */
  z.object({
    kind: z.literal('pfx'),
    path: z.string().min(1),
    compatibility: z.enum(['modern', 'legacy']),
    passwordRef: z.string().optional(),
  }),
]);
export type ExportTarget = z.infer<typeof exportTargetSchema>;

/** A command run after each renewal (and on `deploy`), e.g. reloading a web server. */
export const deployCommandSchema = z.object({
  /** Run by the system shell (/bin/sh -c, or cmd.exe /d /s /c on Windows). */
  run: z.string().min(1),
  timeoutSec: z.number().int().min(1).max(3600).default(120),
});
export type DeployCommand = z.infer<typeof deployCommandSchema>;

/** A TLS endpoint checked after each deploy (shared/verify-endpoint.ts parses what users type). */
export const verifyEndpointRecordSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  sni: z.string().min(1).optional(),
  starttls: z.enum(['smtp', 'imap']).optional(),
});

export const profileRecordSchema = z.object({
  id: z.string().min(1),
  names: z.array(z.string().min(1)).min(1),
  accountId: z.string().min(1),
  keyType: keyType.default('ec-p256'),
  acmeProfile: z.string().optional(),
  exportTargets: z.array(exportTargetSchema).default([]),
  createdAt: timestamp,
  /** Renew unattended (tray app, daemon, `renew --all`). */
  autoRenew: z.boolean().default(true),
  /** Keep the certificate key across renewals; a new key each time is the default. */
  reuseKey: z.boolean().default(false),
  deployCommand: deployCommandSchema.optional(),
  /** Multi-CA failover: an account at another CA, whose record is published too. */
  backupAccountId: z.string().optional(),
  /** Failed attempts at the primary before the backup CA is used. */
  failoverAfter: z.number().int().min(1).max(20).default(3),
  /** Servers that must serve the certificate after each deploy. */
  verifyEndpoints: z.array(verifyEndpointRecordSchema).default([]),
  /** How long to wait for servers to reload before a verification gives its verdict. */
  verifyWaitSec: z.number().int().min(0).max(3600).default(60),
});
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

export const historyEntrySchema = z.object({ at: z.string(), event: z.string(), detail: z.string().optional() });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const ariStateSchema = z.object({
  windowStart: timestamp,
  windowEnd: timestamp,
  fetchedAt: timestamp,
  retryAfter: timestamp.optional(),
  explanationURL: z.string().optional(),
  /** The random moment picked in this window (RFC 9773 §4.2), kept across restarts. */
  chosen: timestamp.optional(),
});

/**
 * Renewal bookkeeping for the certificate that is current in its line. Persisted so a restart
 * neither forgets a backoff nor hammers the CA, and so an order in flight is resumed, not doubled.
 */
export const renewalStateSchema = z.object({
  ari: ariStateSchema.optional(),
  ariError: z
    .object({ kind: z.enum(['temporary', 'long-term']), at: z.string(), attempts: z.number().int().min(1), message: z.string() })
    .optional(),
  failures: z
    .object({
      count: z.number().int().min(1),
      lastAt: z.string(),
      message: z.string(),
      fix: z.string().optional(),
      accountId: z.string().optional(),
      notOffered: z.boolean().default(false),
      retryAt: z.string().optional(),
    })
    .optional(),
  /** A renewal between its first step and storing the new certificate. */
  inFlight: z
    .object({
      /** The id the new certificate will have; its key is sealed under that id already. */
      newCertificateId: z.string().min(1),
      accountId: z.string().min(1),
      sealedKey: sealedBox,
      keyType,
      startedAt: z.string(),
      /** Set as soon as the CA has created the order (RFC 8555 §7.4), before anything else. */
      orderUrl: z.string().optional(),
      replaces: z.string().optional(),
      failover: z.boolean().default(false),
    })
    .optional(),
  /** The deploy step failed after the certificate was stored; retried at the next run. */
  deployPending: z.object({ since: z.string(), lastAt: z.string(), attempts: z.number().int().min(1), message: z.string() }).optional(),
  /** Renewed but not yet deployed (set in the same write that stores the certificate). */
  deployDue: z.boolean().optional(),
  lastDeployedAt: z.string().optional(),
  /** What each verify endpoint served after the last deploy (or `persistcert verify`). */
  verification: z
    .object({
      at: timestamp,
      results: z.array(
        z.object({
          endpoint: z.string(),
          status: z.enum(['serving', 'old-certificate', 'other-certificate', 'unreachable']),
          detail: z.string(),
          fix: z.string().optional(),
        }),
      ),
    })
    .optional(),
  /** What the last look at the published records found (with each renewal-information fetch). */
  records: z
    .object({ checkedAt: z.string(), ready: z.boolean(), problem: z.string().optional(), persistUntil: z.string().optional() })
    .optional(),
});
export type RenewalState = z.infer<typeof renewalStateSchema>;

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
  notBefore: timestamp,
  notAfter: timestamp,
  issuedAt: timestamp,
  orderUrl: z.string().optional(),
  status: z.enum(CERTIFICATE_STATUSES).default('valid'),
  history: z.array(historyEntrySchema).default([]),
  renewal: renewalStateSchema.default({}),
  /** The certificate this one renewed (its predecessor in the line). */
  replacedId: z.string().optional(),
});
export type CertificateRecord = z.infer<typeof certificateRecordSchema>;

/** What `persistcert list` shows of a certificate, read by one query without loading the store. */
/** A certificate's list fields with its CA (checked by summary-check.ts with certificateRecordSchema's rules). */
export type CertificateSummary = Pick<
  CertificateRecord,
  'id' | 'accountId' | 'names' | 'status' | 'notBefore' | 'notAfter' | 'serialHex'
> & { directoryUrl?: string };

/** Two records under one id would make every lookup pick one of them silently. */
const uniqueIds = <T extends { id: string }>(record: z.ZodType<T>) =>
  z.array(record).superRefine((records, ctx) => {
    const seen = new Set<string>();
    records.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `repeats the id ${r.id} of an earlier entry` });
      seen.add(r.id);
    });
  });

export const storeDocSchema = z.object({
  accounts: uniqueIds(accountRecordSchema),
  profiles: uniqueIds(profileRecordSchema),
  certificates: uniqueIds(certificateRecordSchema),
});
export type StoreDoc = z.infer<typeof storeDocSchema>;

export const STORE_FORMAT = {
  format: 'persistcert-store',
  version: 2,
  schema: storeDocSchema as z.ZodType<StoreDoc>,
  migrations: {
    // Version 2 adds renewal state and deploy settings, all defaulted by the schema. The version
    // still moves so that a version-1 PersistCert refuses the file instead of dropping them.
    1: (doc: Record<string, unknown>) => doc,
  },
};

/** How many history entries a certificate keeps; older ones are dropped first. */
