import type { CaInfo } from '../../../shared/api/views.ts';
import { CA_PRESETS } from '../../../shared/ca-presets.ts';
import { adapterFor } from '../../../shared/dns-persist/drafts.ts';
import { InputError } from '../user-error.ts';
import type { Core } from './core.ts';

/** What a CA's directory (RFC 8555 §7.1.1) says about it: terms, EAB, profiles, ARI and its dns-persist-01 draft. */
export async function inspectCa(core: Pick<Core, 'clientFor'>, input: { directoryUrl: string }): Promise<CaInfo> {
  const { directoryUrl } = input;
  if (!/^https:\/\/\S+$/.test(directoryUrl))
    throw new InputError('The directory URL must start with https://', 'Copy the ACME directory URL from your CA');
  const client = core.clientFor(directoryUrl);
  try {
    const dir = await client.directory();
    const meta = dir.meta ?? {};
    const adapter = adapterFor(meta);
    let issuerDomainNames: string[] = [];
    try {
      issuerDomainNames = adapter.preliminaryIssuerNames(meta);
    } catch {
      // A CA that names no issuer yet: the UI says so instead of failing here.
      issuerDomainNames = [];
    }
    const preset = CA_PRESETS.find((p) => p.directoryUrl === directoryUrl);
    return {
      directoryUrl,
      ...(preset ? { preset } : {}),
      ...(meta.termsOfService ? { termsOfService: meta.termsOfService } : {}),
      externalAccountRequired: meta.externalAccountRequired === true,
      issuerDomainNames,
      draft: adapter.id,
      profiles: Object.keys(meta.profiles ?? {}),
      ari: dir.renewalInfo !== undefined,
    };
  } finally {
    client.close();
  }
}
