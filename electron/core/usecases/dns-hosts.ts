import type { DnsHostView } from '../../../shared/api/views.ts';
import type { DnsServer } from '../dns/dns-client.ts';
import { detectDnsHost } from '../persist/provider-detect.ts';
import { validNames } from './names.ts';

/** Which DNS provider hosts each name's zone (from its NS names), for provider-specific instructions. */
export async function dnsHosts(
  dns: { resolvers: DnsServer[]; authoritativePort?: number | undefined },
  input: { names: readonly string[] },
): Promise<DnsHostView[]> {
  return Promise.all(
    validNames(input.names).map(async (name) => {
      const r = await detectDnsHost(name, {
        resolvers: dns.resolvers,
        ...(dns.authoritativePort ? { authoritativePort: dns.authoritativePort } : {}),
      });
      return r.ok ? { name, host: r.host } : { name, host: null, reason: r.reason };
    }),
  );
}
