import { randomUUID, type KeyObject } from 'node:crypto';
import { AcmeError, AcmeProblemError, AcmeRetryLaterError, AcmeTransportError } from '../acme/errors.ts';
import { fetchOrder } from '../acme/order.ts';
import { generateKeyPair, type KeyType } from '../crypto/keys.ts';
import { openCertificateKey, sealCertificateKey } from '../custody/certificate-keys.ts';
import { KeystoreError } from '../keystore/keystore.ts';
import { issueWithPersist, PersistRejectedError, PreflightError } from '../persist/persist-issuance.ts';
import { DNS_PERSIST_01 } from '../persist/offer-check.ts';
import { runPreflight } from '../persist/preflight.ts';
import { HISTORY_LIMIT, type AccountRecord, type CertificateRecord, type ProfileRecord, type RenewalState } from '../store/schema.ts';
import type { RenewalDeps } from './renewal-deps.ts';

/** Our own look at the records (the doctor) found a problem: no order was placed. */
export class RenewalPrecheckError extends AcmeError {
  override name = 'RenewalPrecheckError';
  constructor(
    message: string,
    readonly fix: string | undefined,
  ) {
    super(message);
  }
}

export interface RenewalResult {
  certificate: CertificateRecord;
  failover: boolean;
  resumed: boolean;
  replacesSent: boolean;
}

type InFlight = NonNullable<RenewalState['inFlight']>;

/** Which account renews: the primary, or the backup CA's once the primary keeps failing (or stopped offering dns-persist-01). */
export function chooseRenewingAccount(
  cert: CertificateRecord,
  profile: ProfileRecord | undefined,
): { accountId: string; failover: boolean; why?: string } {
  const primary = profile?.accountId ?? cert.accountId;
  const backup = profile?.backupAccountId;
  const f = cert.renewal.failures;
  if (!backup || !f) return { accountId: primary, failover: false };
  if (f.notOffered && f.accountId === primary)
    return { accountId: backup, failover: true, why: 'the primary CA no longer offers dns-persist-01' };
  if (f.count >= (profile?.failoverAfter ?? 3))
    return { accountId: backup, failover: true, why: `the primary CA failed ${f.count} time(s) in a row` };
  return { accountId: primary, failover: false };
}

/**
 * One renewal (RFC 8555 §7.4 with RFC 9773 §5 `replaces`), crash-safe: the new key is sealed and
 * recorded before the order exists, the order URL is recorded the moment the CA creates it, and
 * the new certificate and the end of the old one's renewal are one store write. A run killed
 * anywhere is finished by the next run with the same order and key.
 */
export async function renewCertificate(
  d: RenewalDeps,
  cert: CertificateRecord,
  profile: ProfileRecord | undefined,
): Promise<RenewalResult> {
  let inFlight = cert.renewal.inFlight;
  let resumed = false;
  let failover: boolean;
  let account: AccountRecord;
  let key: KeyObject;
  if (inFlight) {
    account = requireAccount(d, inFlight.accountId);
    failover = inFlight.failover;
    key = await openCertificateKey(d.keystore, inFlight.newCertificateId, inFlight.sealedKey, d.store.withKeyLock);
  } else {
    const choice = chooseRenewingAccount(cert, profile);
    account = requireAccount(d, choice.accountId);
    failover = choice.failover;
    if (failover) d.log(`${cert.names[0]}: renewing from the backup CA ${account.directoryUrl} because ${choice.why}`);
    key = profile?.reuseKey
      ? await d.certificates.privateKey(cert)
      : (await generateKeyPair((profile?.keyType ?? cert.keyType) as KeyType)).privateKey;
  }

  const client = await d.accounts.client(account);
  const { checker, resolvers } = await d.dns();
  try {
    if (inFlight?.orderUrl) {
      if (await orderStillUsable(client, inFlight.orderUrl)) {
        resumed = true;
      } else {
        d.log(`${cert.names[0]}: the order left in flight is no longer usable; placing a new one with the same key`);
        const { orderUrl: _dead, ...rest } = inFlight;
        inFlight = rest;
        await saveInFlight(d, cert.id, inFlight);
      }
    }
    if (!inFlight) {
      await precheck(d, client, cert.names, checker, resolvers);
      const dir = await client.directory();
      const sameCa = d.store.account(cert.accountId)?.directoryUrl === account.directoryUrl;
      const newCertificateId = randomUUID();
      inFlight = {
        newCertificateId,
        accountId: account.id,
        sealedKey: await sealCertificateKey(d.keystore, newCertificateId, key, d.store.withKeyLock),
        keyType: profile?.keyType ?? cert.keyType,
        startedAt: d.clock.now().toISOString(),
        // `replaces` names a certificate of the same CA (RFC 9773 §5); a failover order has none.
        ...(sameCa && cert.ariId && dir.renewalInfo ? { replaces: cert.ariId } : {}),
        failover,
      };
      await saveInFlight(d, cert.id, inFlight);
    }
    const flight: InFlight = inFlight;
    const issued = await issueWithPersist({
      client,
      names: cert.names,
      certificateKey: key,
      checker,
      profile: profile?.acmeProfile,
      replaces: flight.orderUrl ? undefined : flight.replaces,
      existingOrderUrl: flight.orderUrl,
      onOrderCreated: async (orderUrl) => {
        await saveInFlight(d, cert.id, { ...flight, orderUrl });
      },
    });
    const record = await d.certificates.recordIssued({
      account,
      chainPem: issued.pem,
      privateKey: key,
      orderUrl: issued.orderUrl,
      profileId: cert.profileId,
      replacedId: cert.id,
      presealed: { id: flight.newCertificateId, sealedKey: flight.sealedKey },
      // Set in the same write as the certificate, so a crash before deploying still deploys.
      deployDue: hasDeploy(profile),
      historyDetail: [
        failover ? `from the backup CA ${account.directoryUrl}` : '',
        resumed ? 'finished the order left in flight' : '',
        issued.replacesSent ? 'replaces accepted' : '',
      ]
        .filter(Boolean)
        .join(', '),
    });
    return { certificate: record, failover, resumed, replacesSent: issued.replacesSent };
  } catch (err) {
    await recordFailure(d, cert, account.id, err, inFlight);
    throw err;
  } finally {
    checker.close();
    client.close();
  }
}

function hasDeploy(profile: ProfileRecord | undefined): boolean {
  return (profile?.exportTargets.length ?? 0) > 0 || profile?.deployCommand !== undefined;
}

function requireAccount(d: RenewalDeps, id: string): AccountRecord {
  const a = d.store.account(id);
  if (!a)
    throw new RenewalPrecheckError(
      `The account ${id} this certificate renews with is no longer in the store`,
      'Restore the account from its backup, or set another account for this certificate',
    );
  if (a.status !== 'valid')
    throw new RenewalPrecheckError(
      `The account ${a.accountUrl} is ${a.status}`,
      'Create a new account, publish its record, and set it for this certificate',
    );
  return a;
}

/** An order in flight can be finished unless the CA has marked it invalid or forgotten it. */
async function orderStillUsable(client: Awaited<ReturnType<RenewalDeps['accounts']['client']>>, orderUrl: string): Promise<boolean> {
  try {
    const order = await fetchOrder(client, orderUrl);
    return order.object.status !== 'invalid';
  } catch (err) {
    if (err instanceof AcmeProblemError) return false;
    throw err;
  }
}

/** The doctor before any order: a broken record is reported with its fix and costs the CA nothing. */
async function precheck(
  d: RenewalDeps,
  client: Awaited<ReturnType<RenewalDeps['accounts']['client']>>,
  names: string[],
  checker: Awaited<ReturnType<RenewalDeps['dns']>>['checker'],
  resolvers: Awaited<ReturnType<RenewalDeps['dns']>>['resolvers'],
): Promise<void> {
  const results = await runPreflight({ client, names, checker, resolvers, offerCheck: false, now: d.clock.now() });
  for (const r of results) {
    const error = r.findings.find((f) => f.severity === 'error');
    if (!r.ready) {
      const bad = r.propagation.servers.find((s) => s.status !== 'ok');
      throw new RenewalPrecheckError(
        `The record for ${r.name} is not ready: ${error?.message ?? (bad ? `${bad.label} says ${bad.status}${bad.detail ? ` (${bad.detail})` : ''}` : (r.propagation.problem ?? 'no server answered'))}`,
        error?.fix ?? `Check it with: persistcert check -d ${r.name}`,
      );
    }
  }
}

async function saveInFlight(d: RenewalDeps, certificateId: string, inFlight: InFlight): Promise<void> {
  await d.store.transact((tx) => {
    const c = tx.certificate(certificateId);
    if (!c || c.status !== 'valid') throw new AcmeError('The certificate was renewed or removed by another PersistCert process meanwhile');
    c.renewal.inFlight = inFlight;
    tx.putCertificate(c);
  });
}

/** What a failure means for the next attempt. */
export function classifyFailure(err: unknown): { message: string; fix?: string; keepOrder: boolean; notOffered: boolean; retryAt?: Date } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof AcmeRetryLaterError)
    return {
      message,
      keepOrder: true,
      notOffered: false,
      retryAt: err.retryAfter,
      fix: 'The CA asked to wait; PersistCert retries after that time',
    };
  if (err instanceof AcmeTransportError)
    return { message, keepOrder: true, notOffered: false, fix: 'The CA could not be reached; PersistCert retries with a growing delay' };
  // Our own check stopped before answering a challenge: the order is still pending and reusable.
  if (err instanceof PreflightError)
    return {
      message,
      keepOrder: true,
      notOffered: false,
      fix: 'Fix the record (see "persistcert check"); the order is finished once it is right',
    };
  if (err instanceof RenewalPrecheckError) return { message, keepOrder: false, notOffered: false, ...(err.fix ? { fix: err.fix } : {}) };
  if (err instanceof PersistRejectedError) return { message, keepOrder: false, notOffered: false, fix: err.fix };
  if (err instanceof KeystoreError)
    return {
      message,
      keepOrder: true,
      notOffered: false,
      fix: 'Unlock the keychain (or give the keystore passphrase); renewal resumes by itself',
    };
  const notOffered = err instanceof AcmeError && message.includes(`does not offer ${DNS_PERSIST_01}`);
  return {
    message,
    keepOrder: false,
    notOffered,
    ...(notOffered ? { fix: 'Configure a backup CA that offers dns-persist-01 for this certificate' } : {}),
  };
}

async function recordFailure(
  d: RenewalDeps,
  cert: CertificateRecord,
  accountId: string,
  err: unknown,
  inFlight: InFlight | undefined,
): Promise<void> {
  const c = classifyFailure(err);
  const at = d.clock.now().toISOString();
  await d.store
    .updateCertificate(cert.id, (x) => {
      if (x.status !== 'valid') return;
      x.renewal.failures = {
        count: (x.renewal.failures?.count ?? 0) + 1,
        lastAt: at,
        message: c.message,
        ...(c.fix ? { fix: c.fix } : {}),
        accountId,
        notOffered: c.notOffered,
        ...(c.retryAt ? { retryAt: c.retryAt.toISOString() } : {}),
      };
      // A dead order is dropped (with its key) so the next attempt starts clean; a live one is kept to finish.
      if (!c.keepOrder || !inFlight) delete x.renewal.inFlight;
      x.history = [...x.history, { at, event: 'renewal-failed', detail: c.fix ? `${c.message} (fix: ${c.fix})` : c.message }].slice(
        -HISTORY_LIMIT,
      );
    })
    .catch((writeErr: Error) => d.log(`${cert.names[0]}: could not record the failure: ${writeErr.message}`));
}
