import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate } from '../../lib/format.ts';
import { siteKey } from '../../../../shared/sites.ts';
import { startWizard } from '../../store/start-wizard.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';

/** A set of names whose every certificate is revoked or expired: the site has no valid certificate. */
export interface UncoveredSite {
  names: string[];
  /** The latest certificate for these names, and why it no longer counts. */
  last: CertificateView;
  why: 'revoked' | 'expired';
}

export function uncoveredSites(certificates: readonly CertificateView[], now = Date.now()): UncoveredSite[] {
  const bySite = new Map<string, CertificateView[]>();
  for (const c of certificates) bySite.set(siteKey(c.names), [...(bySite.get(siteKey(c.names)) ?? []), c]);
  const out: UncoveredSite[] = [];
  for (const certs of bySite.values()) {
    const live = certs.some((c) => c.status === 'valid' && Date.parse(c.notAfter) > now);
    if (live) continue;
    const last = [...certs].sort((a, b) => b.notBefore.localeCompare(a.notBefore))[0]!;
    // A line that was only replaced always has a valid successor; here something ended it.
    if (last.status === 'replaced') continue;
    out.push({ names: last.names, last, why: last.status === 'revoked' ? 'revoked' : 'expired' });
  }
  return out;
}

/** One banner per site left without a valid certificate, with the way back: issue a replacement. */
export function UncoveredSites({ certificates }: { certificates: readonly CertificateView[] }) {
  const sites = uncoveredSites(certificates);
  if (!sites.length) return null;
  return (
    <>
      {sites.map((s) => (
        <section
          key={siteKey(s.names)}
          className="notice notice-error banner"
          role="alert"
          aria-label={`No valid certificate for ${s.names[0]}`}
        >
          <p>
            <StatusIcon kind="error" /> <strong>{s.names.join(', ')}</strong> {s.names.length > 1 ? 'have' : 'has'} no valid certificate:{' '}
            {s.why === 'revoked' ? 'the last one was revoked' : `the last one expired on ${formatDate(s.last.notAfter)}`}. Servers using it
            show errors to visitors.
          </p>
          <button type="button" className="btn btn-primary" onClick={() => startWizard(s.names)}>
            Issue a replacement
          </button>
        </section>
      ))}
    </>
  );
}
