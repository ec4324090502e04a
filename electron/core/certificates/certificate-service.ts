import { randomUUID, type KeyObject } from 'node:crypto';
import { unlink } from '../fs/fs-promised.ts';
import { ariCertificateId } from '../acme/ari.ts';
import { parseCertificate } from '../crypto/certificate.ts';
import { keyTypeOf } from '../crypto/keys.ts';
import { openCertificateKey, sealCertificateKey } from '../custody/certificate-keys.ts';
import type { Keystore } from '../keystore/keystore.ts';
import type { SealedBox } from '../keystore/secret-box.ts';
import { HISTORY_LIMIT, type AccountRecord, type CertificateRecord, type CertificateSummary } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { isDiskFull, readRescueFile, rescueCertificate, RescueFileError, retryWhileDiskFull } from './rescue.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/** Issued certificates in the store, with their private keys sealed under the data key. */
export class CertificateService {
  constructor(
    private readonly store: Store,
    private readonly keystore: Keystore,
    private readonly now: () => Date = () => new Date(),
    /** How long to wait before each retry of a store write that found the disk full. */
    private readonly diskFullRetryDelaysMs: readonly number[] = [1_000, 3_000],
  ) {}

  list(): readonly CertificateRecord[] {
    return this.store.snapshot.certificates;
  }

  /**
   * The certificates that cover the first of `names`, through the name index: every one for exactly
   * these names is among them (planIssue's duplicate check), and no other record is read.
   */
  covering(names: readonly string[]): CertificateRecord[] {
    return names[0] === undefined ? [] : this.store.certificatesNamed(names[0]);
  }

  /** What `list` shows, soonest expiry first, without loading every record. */
  summaries(): CertificateSummary[] {
    return this.store.certificateSummaries();
  }

  /**
   * A certificate by id, or the newest valid one whose names include `selector` (what a user
   * types: `persistcert export www.example.com`).
   */
  find(selector: string): CertificateRecord {
    const byId = this.store.certificate(selector);
    if (byId) return byId;
    const matches = this.store
      .certificatesNamed(selector)
      .filter((c) => c.status === 'valid')
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
    if (!matches[0])
      throw new CertificateNotFoundError(`No valid certificate for "${selector}" in this data directory (see "persistcert list")`);
    return matches[0];
  }

  /** Stores a freshly issued certificate and its key; the key is sealed before anything is written. */
  async recordIssued(input: {
    account: AccountRecord;
    chainPem: string;
    privateKey: KeyObject;
    orderUrl?: string;
    profileId?: string | undefined;
    replacedId?: string;
    /** A renewal seals the new key under a pre-chosen id before ordering (crash safety). */
    presealed?: { id: string; sealedKey: SealedBox };
    historyDetail?: string;
    deployDue?: boolean;
  }): Promise<CertificateRecord> {
    const id = input.presealed?.id ?? randomUUID();
    const leaf = parseCertificate(input.chainPem);
    let ariId: string | undefined;
    try {
      ariId = ariCertificateId(leaf);
    } catch {
      ariId = undefined; // no AKI: the certificate simply has no ARI identity
    }
    const now = this.now().toISOString();
    const record: CertificateRecord = {
      id,
      accountId: input.account.id,
      names: leaf.dnsNames,
      chainPem: input.chainPem,
      keyType: keyTypeOf(input.privateKey),
      sealedKey: input.presealed?.sealedKey ?? (await sealCertificateKey(this.keystore, id, input.privateKey, this.store.withKeyLock)),
      serialHex: leaf.serialHex,
      ...(ariId ? { ariId } : {}),
      notBefore: leaf.notBefore.toISOString(),
      notAfter: leaf.notAfter.toISOString(),
      issuedAt: now,
      ...(input.orderUrl ? { orderUrl: input.orderUrl } : {}),
      ...(input.profileId ? { profileId: input.profileId } : {}),
      status: 'valid',
      history: [
        {
          at: now,
          event: input.replacedId ? 'renewed' : 'issued',
          detail: `serial ${leaf.serialHex}, valid until ${leaf.notAfter.toISOString()}${input.historyDetail ? `; ${input.historyDetail}` : ''}`,
        },
      ],
      renewal: input.deployDue ? { deployDue: true } : {},
      ...(input.replacedId ? { replacedId: input.replacedId } : {}),
    };
    // One write: the new certificate and the end of the old one's renewal, so a crash leaves
    // either the old line with its order in flight (resumed) or the new certificate, never both.
    await retryWhileDiskFull(
      () =>
        this.store.transact((tx) => {
          if (tx.certificate(id)) throw new Error(`Certificate ${id} is already stored`);
          const old = input.replacedId ? tx.certificate(input.replacedId) : undefined;
          if (old) {
            old.status = 'replaced';
            delete old.renewal.inFlight;
            old.history = [...old.history, { at: now, event: 'replaced', detail: `by ${id}` }].slice(-HISTORY_LIMIT);
            tx.putCertificate(old);
          }
          tx.putCertificate(record);
        }),
      this.diskFullRetryDelaysMs,
    ).catch(async (err: unknown) => {
      if (!isDiskFull(err)) throw err;
      throw await rescueCertificate(record, this.store.dataDir, err as NodeJS.ErrnoException);
    });
    return record;
  }

  /**
   * `persistcert recover <file>`: adds a certificate rescued when the disk was full. Its key must
   * open with this data dir's data key, which proves the file came from here (a file planted in
   * the temp folder by someone else cannot).
   */
  async recover(file: string): Promise<CertificateRecord> {
    const { certificate } = await readRescueFile(file);
    if (!this.store.account(certificate.accountId)) {
      throw new RescueFileError(`${file} belongs to an account that is not in this data directory; use the --data-dir it was issued from`);
    }
    try {
      (await this.privateKey(certificate)).export({ type: 'pkcs8', format: 'der' }).fill(0);
    } catch {
      throw new RescueFileError(`The key in ${file} does not open with this data directory's key; use the --data-dir it was issued from`);
    }
    const added = await this.store.transact((tx) => {
      if (tx.certificate(certificate.id)) return false;
      tx.putCertificate({
        ...certificate,
        history: [...certificate.history, { at: this.now().toISOString(), event: 'recovered', detail: `from ${file}` }],
      });
      return true;
    });
    await unlink(file).catch(() => {});
    return added ? this.store.certificate(certificate.id)! : certificate;
  }

  async privateKey(cert: CertificateRecord): Promise<KeyObject> {
    return openCertificateKey(this.keystore, cert.id, cert.sealedKey, this.store.withKeyLock);
  }

  async markRevoked(cert: CertificateRecord, reason: string): Promise<void> {
    await this.store.updateCertificate(cert.id, (c) => {
      c.status = 'revoked';
      c.history = [...c.history, { at: this.now().toISOString(), event: 'revoked', detail: reason }].slice(-HISTORY_LIMIT);
    });
  }
}

export class CertificateNotFoundError extends UserError {
  override name = 'CertificateNotFoundError';
  readonly apiCode: ApiErrorCode = 'not-found';
}
