import { fetchRenewalInfo } from '../acme/ari.ts';
import { AcmeResponseError, AcmeRetryLaterError, AcmeTransportError } from '../acme/errors.ts';
import type { CertificateRecord, RenewalState } from '../store/schema.ts';
import type { RenewalDeps } from './renewal-deps.ts';
import { logRecordChange, lookAtRecords, recordsWatchAt } from './record-watch.ts';
import { pickInWindow } from './schedule.ts';

/**
 * Asks the issuing CA for the certificate's renewal window (RFC 9773 §4.2) and, when the record
 * watch is due, looks at the published records on the way (record-watch.ts). Both results are
 * persisted; failures are recorded, not thrown.
 */
export async function refreshRenewalInfo(d: RenewalDeps, cert: CertificateRecord, renewingAccountId: string): Promise<void> {
  const now = d.clock.now();
  const issuer = d.store.account(cert.accountId);
  let ari: RenewalState['ari'] | undefined;
  let ariError: RenewalState['ariError'] | undefined;
  if (!issuer) {
    ariError = {
      kind: 'long-term',
      at: now.toISOString(),
      attempts: (cert.renewal.ariError?.attempts ?? 0) + 1,
      message: 'The account that issued this certificate is no longer in the store',
    };
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
      ariError = {
        kind: temporary ? 'temporary' : 'long-term',
        at: now.toISOString(),
        attempts: (cert.renewal.ariError?.attempts ?? 0) + 1,
        message: (err as Error).message,
      };
    } finally {
      client.close();
    }
  }
  // The records ride along only when the record watch is due: a CA asking for renewal
  // information every few minutes must not make us query every DNS server as often.
  const records = recordsWatchAt(cert, now) <= now ? await lookAtRecords(d, cert, renewingAccountId) : undefined;
  await d.store.updateCertificate(cert.id, (c) => {
    if (c.status !== 'valid') return;
    if (ari) {
      c.renewal.ari = ari;
      delete c.renewal.ariError;
    } else if (ariError) {
      // The last good window stays in force while the CA cannot be asked (§4.3).
      c.renewal.ariError = ariError;
    }
    if (records) c.renewal.records = records;
  });
  if (records) logRecordChange(d, cert, cert.renewal.records, records);
  if (ariError) d.log(`${cert.names[0]}: renewal information unavailable (${ariError.kind}): ${ariError.message}`);
}
