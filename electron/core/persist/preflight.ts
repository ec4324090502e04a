import { adapterFor, type DirectoryMeta } from '../../../shared/dns-persist/drafts.ts';
import type { AcmeClient } from '../acme/client.ts';
import { jwkThumbprint } from '../acme/jws.ts';
import { findRelevantCaa } from '../dns/caa-lookup.ts';
import { DnsClient, type DnsServer } from '../dns/dns-client.ts';
import type { PropagationChecker, PropagationResult } from '../dns/propagation.ts';
import { diagnose, type Finding } from './doctor.ts';
import { checkOffer, type OfferCheck } from './offer-check.ts';

export interface PreflightInput {
  /** A client bound to the account (for the offer check and the -02 thumbprint). */
  client: AcmeClient;
  names: string[];
  checker: PropagationChecker;
  resolvers: DnsServer[];
  /** Place a throw-away order to see whether the CA offers dns-persist-01 (default true). */
  offerCheck?: boolean;
  now?: Date;
  caLabel?: string;
}

export interface NamePreflight {
  name: string;
  issuers: string[];
  accountUri: string;
  propagation: PropagationResult;
  offer?: OfferCheck;
  findings: Finding[];
  /** No error finding: the CA should accept the record. */
  ready: boolean;
}

/**
 * Everything `persistcert check` and the wizard's Check step show: per name, the record on every
 * server, CAA, persistUntil and whether the CA offers dns-persist-01, with fixes. Issuer names
 * come from the directory before any challenge exists (one record per identity, any suffices).
 */
export async function runPreflight(input: PreflightInput): Promise<NamePreflight[]> {
  const { client } = input;
  const account = client.requireAccount();
  const meta: DirectoryMeta = (await client.directory()).meta ?? {};
  const adapter = adapterFor(meta);
  const issuers = adapter.preliminaryIssuerNames(meta);
  const thumbprint = adapter.id === 'draft-02' ? await jwkThumbprint(account.key) : undefined;
  const dns = new DnsClient({ timeoutMs: 2000, tries: 2 });
  const now = input.now ?? new Date();
  try {
    return await Promise.all(
      input.names.map(async (name) => {
        const accountUri = adapter.accountUri({ accountUrl: account.url, keyThumbprint: thumbprint }, name, meta);
        const [propagation, caa, offer] = await Promise.all([
          input.checker.check({ name, issuers, accountUri }),
          findRelevantCaa(dns, input.resolvers, name),
          input.offerCheck === false ? Promise.resolve(undefined) : checkOffer(client, name),
        ]);
        const findings = diagnose({
          name,
          issuers,
          accountUri,
          propagation,
          caa,
          offer,
          now,
          ...(input.caLabel ? { caLabel: input.caLabel } : {}),
        });
        const ready = propagation.ready && !findings.some((f) => f.severity === 'error');
        return { name, issuers, accountUri, propagation, ...(offer ? { offer } : {}), findings, ready };
      }),
    );
  } finally {
    dns.close();
  }
}
