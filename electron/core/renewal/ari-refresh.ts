import { adapterFor } from '../../../shared/dns-persist/drafts.ts';
import { parseRecordValue } from '../../../shared/dns-persist/record.ts';
import { fetchRenewalInfo } from '../acme/ari.ts';
import { AcmeResponseError, AcmeRetryLaterError, AcmeTransportError } from '../acme/errors.ts';
import { jwkThumbprint } from '../acme/jws.ts';
import type { CertificateRecord, RenewalState } from '../store/schema.ts';
import type { RenewalDeps } from './renewal-deps.ts';
import { pickInWindow } from './schedule.ts';

/**
 * Asks the issuing CA for the certificate's renewal window (RFC 9773 §4.2) and looks at the
 * published records on the way, so a record that broke or nears its persistUntil is reported
 * long before the renewal needs it. Both results are persisted; failures are recorded, not thrown.
 */
export async function refreshRenewalInfo(d: RenewalDeps, cert: CertificateRecord, renewingAccountId: string): Promise<void> {
  const now = d.clock.now();
  const issuer = d.store.account(cert.accountId);
  let ari: RenewalState['ari'] | undefined;
  let ariError: RenewalState['ariError'] | undefined;
  if (!issuer) {
    ariError = { kind: 'long-term', at: now.toISOString(), attempts: (cert.renewal.ariError?.attempts ?? 0) + 1, message: 'The account that issued this certificate is no longer in the store' };
  } else {
    const client = d.clientFor(issuer.directoryUrl);
    try {
      const info = await fetchRenewalInfo(client, cert.chainPem);
      const start = info.suggestedWindow.start.toISOString();
      const end = info.suggestedWindow.end.toISOString();
      const previous = cert.renewal.ari;
      // §4.2: one random moment per window; a restart or a re-fetch of the same window keeps it.
      const chosen =
        previous?.chosen && previous.windowStart === start && previous.windowEnd === end
          ? previous.chosen
          : pickInWindow(info.suggestedWindow.start, info.suggestedWindow.end, d.random).toISOString();
      ari = {
        windowStart: start,
        windowEnd: end,
        fetchedAt: now.toISOString(),
        ...(info.retryAfter ? { retryAfter: info.retryAfter.toISOString() } : {}),
        ...(info.explanationURL ? { explanationURL: info.explanationURL } : {}),
        chosen,
      };
    } catch (err) {
      // §4.3: network trouble and 5xx are temporary; anything else (no ARI, 4xx) is long-term.
      const temporary =
        err instanceof AcmeTransportError || err instanceof AcmeRetryLaterError || (err instanceof AcmeResponseError && err.status >= 500);
      ariError = { kind: temporary ? 'temporary' : 'long-term', at: now.toISOString(), attempts: (cert.renewal.ariError?.attempts ?? 0) + 1, message: (err as Error).message };
    } finally {
      client.close();
    }
  }
  const records = await lookAtRecords(d, cert, renewingAccountId).catch((err: Error) => ({ checkedAt: now.toISOString(), ready: false, problem: err.message }));
  await d.store.updateCertificate(cert.id, (c) => {
    if (c.status !== 'valid') return;
    if (ari) {
      c.renewal.ari = ari;
      delete c.renewal.ariError;
    } else if (ariError) {
      // The last good window stays in force while the CA cannot be asked (§4.3).
      c.renewal.ariError = ariError;
    }
    c.renewal.records = records;
  });
  if (ariError) d.log(`${cert.names[0]}: renewal information unavailable (${ariError.kind}): ${ariError.message}`);
}

/** Every name's record as the CA will see it at the next renewal, and the earliest persistUntil. */
async function lookAtRecords(d: RenewalDeps, cert: CertificateRecord, accountId: string): Promise<NonNullable<RenewalState['records']>> {
  const now = d.clock.now();
  const account = d.store.account(accountId);
  if (!account) return { checkedAt: now.toISOString(), ready: false, problem: `The renewing account ${accountId} is no longer in the store` };
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
