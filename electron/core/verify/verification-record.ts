import { HISTORY_LIMIT } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { EndpointResult } from './verify-deploy.ts';

/** One line per endpoint verdict, for logs, history and `renew --status`. */
export function describeVerdict(r: EndpointResult): string {
  switch (r.status) {
    case 'serving':
      return r.chainComplete
        ? 'serves this certificate'
        : `serves this certificate, but without ${r.missingIntermediates} intermediate certificate(s): clients may fail to build the chain`;
    case 'old-certificate':
      return `still serves the previous certificate (serial ${r.servedSerial}, valid until ${r.servedNotAfter})`;
    case 'other-certificate':
      return `serves another certificate (serial ${r.servedSerial}, for ${r.servedNames.join(', ') || 'no DNS names'})`;
    case 'unreachable':
      return `could not be reached: ${r.reason}`;
  }
}

/** Keeps the latest verification on the certificate, and a history line when the picture changed. */
export async function recordVerification(
  store: Store,
  certificateId: string,
  results: readonly EndpointResult[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const entries = results.map((r) => ({
    endpoint: r.endpoint,
    status: r.status,
    detail: describeVerdict(r),
    ...('fix' in r ? { fix: r.fix } : {}),
  }));
  await store.updateCertificate(certificateId, (c) => {
    const before = JSON.stringify(c.renewal.verification?.results.map((r) => [r.endpoint, r.status]) ?? []);
    c.renewal.verification = { at, results: entries };
    if (before !== JSON.stringify(entries.map((r) => [r.endpoint, r.status]))) {
      const bad = entries.filter((r) => r.status !== 'serving');
      c.history = [
        ...c.history,
        { at, event: bad.length ? 'not-served' : 'verified', detail: entries.map((r) => `${r.endpoint} ${r.detail}`).join('; ') },
      ].slice(-HISTORY_LIMIT);
    }
  });
}
