/**
 * The record watch: between renewals, every certificate's published records are looked at on
 * every authoritative server about once a day, so a record someone deleted or changed shows up
 * as a warning (renew --status, the dashboard, the tray, notifications, the webhook) long before
 * a renewal fails on it. One look is one propagation check per name (its zone's NS, each
 * server's TXT, the resolvers): a few queries per name per day, every name of a certificate in
 * the same pass. The result is the certificate's `renewal.records`; renewal-plan.ts turns a
 * record that is no longer ready into the drift warning.
 */
import { adapterFor } from '../../../shared/dns-persist/drafts.ts';
import { parseRecordValue } from '../../../shared/dns-persist/record.ts';
import { jwkThumbprint } from '../acme/jws.ts';
import type { CertificateRecord, RenewalState } from '../store/schema.ts';
import type { RenewalDeps } from './renewal-deps.ts';

const HOUR = 3600_000;
/** How often records that were fine are looked at again. */
export const RECORD_WATCH_MS = 24 * HOUR;
/** Records found broken are looked at again sooner, so a fix clears the warning the same day. */
export const RECORD_DRIFT_RECHECK_MS = 6 * HOUR;
/** Up to this much earlier per certificate, so certificates issued together do not all ask at once. */
export const RECORD_WATCH_JITTER_MS = 2 * HOUR;

/** A stable offset in [0, RECORD_WATCH_JITTER_MS) from the certificate id (FNV-1a). */
function jitterFor(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % RECORD_WATCH_JITTER_MS;
}

/**
 * When the certificate's records are next due a look: now if never looked at. Moments fall on
 * the hour (never later than the interval), so with thousands of certificates the scheduler
 * wakes once an hour for the looks then due, not every few seconds for one certificate each.
 */
export function recordsWatchAt(cert: CertificateRecord, now: Date): Date {
  const r = cert.renewal.records;
  const checked = r ? Date.parse(r.checkedAt) : NaN;
  if (!r || Number.isNaN(checked)) return now;
  const interval = r.ready ? RECORD_WATCH_MS - jitterFor(cert.id) : RECORD_DRIFT_RECHECK_MS;
  return new Date(Math.floor((checked + interval) / HOUR) * HOUR);
}

/** Looks at the records now; never throws (a failed look is a record that is not ready, with the reason). */
export async function lookAtRecords(
  d: RenewalDeps,
  cert: CertificateRecord,
  accountId: string,
): Promise<NonNullable<RenewalState['records']>> {
  return readRecords(d, cert, accountId).catch((err: Error) => ({
    checkedAt: d.clock.now().toISOString(),
    ready: false,
    problem: err.message,
  }));
}

/** The watch on its own (no renewal-information fetch due): look, keep the result, log a change. */
export async function watchRecords(d: RenewalDeps, cert: CertificateRecord, accountId: string): Promise<void> {
  const before = cert.renewal.records;
  const records = await lookAtRecords(d, cert, accountId);
  await d.store.updateCertificate(cert.id, (c) => {
    if (c.status === 'valid') c.renewal.records = records;
  });
  logRecordChange(d, cert, before, records);
}

/** A log line when a look finds the records broken, or back. */
export function logRecordChange(
  d: RenewalDeps,
  cert: CertificateRecord,
  before: RenewalState['records'],
  now: NonNullable<RenewalState['records']>,
): void {
  if (before?.ready !== false && !now.ready) d.log(`${cert.names[0]}: the published DNS record changed: ${now.problem ?? 'not ready'}`);
  else if (before?.ready === false && now.ready) d.log(`${cert.names[0]}: the published DNS record is back`);
}

/** Every name's record as the CA will see it at the next renewal, and the earliest persistUntil. */
async function readRecords(d: RenewalDeps, cert: CertificateRecord, accountId: string): Promise<NonNullable<RenewalState['records']>> {
  const now = d.clock.now();
  const account = d.store.account(accountId);
  if (!account)
    return { checkedAt: now.toISOString(), ready: false, problem: `The renewing account ${accountId} is no longer in the store` };
  const client = d.clientFor(account.directoryUrl);
  const { checker } = await d.dns();
  try {
    const meta = (await client.directory()).meta ?? {};
    const adapter = adapterFor(meta);
    const issuers = adapter.preliminaryIssuerNames(meta);
    const thumbprint = adapter.id === 'draft-02' ? await jwkThumbprint(await d.accounts.key(account)) : undefined;
    const results = await Promise.all(
      cert.names.map(async (name) => {
        const accountUri = adapter.accountUri({ accountUrl: account.accountUrl, keyThumbprint: thumbprint }, name, meta);
        return { accountUri, result: await checker.check({ name, issuers, accountUri }) };
      }),
    );
    const notReady = results.find((r) => !r.result.ready);
    let persistUntil: number | undefined;
    for (const { accountUri, result } of results) {
      for (const server of result.servers) {
        for (const seen of server.seen) {
          const parsed = parseRecordValue(seen);
          if (parsed.ok && parsed.record.accountUri === accountUri && parsed.record.persistUntil !== undefined) {
            persistUntil = Math.min(persistUntil ?? Infinity, parsed.record.persistUntil);
          }
        }
      }
    }
    let problem: string | undefined;
    if (notReady) {
      const bad = notReady.result.servers.find((s) => s.status !== 'ok');
      problem = `${notReady.result.recordName}: ${bad ? `${bad.label} says ${bad.status}${bad.detail ? ` (${bad.detail})` : ''}` : (notReady.result.problem ?? 'no server answered')}`;
    }
    return {
      checkedAt: now.toISOString(),
      ready: !notReady,
      ...(problem ? { problem } : {}),
      ...(persistUntil !== undefined ? { persistUntil: new Date(persistUntil * 1000).toISOString() } : {}),
    };
  } finally {
    checker.close();
    client.close();
  }
}
