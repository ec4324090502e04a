/**
 * Which DNS provider hosts a name's zone: walk up from the record's owner name asking the
 * resolvers for NS until a zone cut answers (RFC 1034 §4.2.1), then match the NS host names
 * against the provider table in shared/. Only NS queries (and one address lookup, for the
 * hand-off sheet's `dig` line), so it is cheap enough to run whenever records are shown.
 */
import { providersForNameservers } from '../../../shared/dns-providers.ts';
import { validationDomainName } from '../../../shared/dns-persist/record.ts';
import { DnsClient, DnsQueryError, formatServer, type DnsServer } from '../dns/dns-client.ts';

export interface DnsHost {
  /** The zone apex that holds the record. */
  zone: string;
  /** Its NS host names, sorted. */
  nameservers: string[];
  /** Matching providers from shared/dns-providers.ts (none: unknown; several: they share servers). */
  providerIds: string[];
  /** One authoritative server by address, to check the record against directly. */
  server?: { name: string; address: string; port: number };
}

export type DnsHostResult = { ok: true; host: DnsHost } | { ok: false; reason: string };

export interface DetectOptions {
  resolvers: DnsServer[];
  /** Port of the authoritative servers (53; tests use others). */
  authoritativePort?: number;
  client?: DnsClient;
}

/** The DNS host of the zone holding `name`'s `_validation-persist` record; never throws. */
export async function detectDnsHost(name: string, o: DetectOptions): Promise<DnsHostResult> {
  const client = o.client ?? new DnsClient({ timeoutMs: 1500, tries: 1 });
  try {
    const labels = validationDomainName(name).split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const candidate = labels.slice(i).join('.');
      const ns = await askFirst(o.resolvers, (r) => client.ns(r, candidate));
      if (ns === 'unreachable') return { ok: false, reason: `no resolver answered (${o.resolvers.map(formatServer).join(', ')})` };
      if (ns.length === 0) continue;
      const nameservers = [...new Set(ns)].sort();
      const host: DnsHost = { zone: candidate, nameservers, providerIds: providersForNameservers(nameservers).map((p) => p.id) };
      const first = nameservers[0]!;
      const addresses = await askFirst(o.resolvers, (r) => client.addresses(r, first));
      if (addresses !== 'unreachable' && addresses[0])
        host.server = { name: first, address: addresses[0], port: o.authoritativePort ?? 53 };
      return { ok: true, host };
    }
    return { ok: false, reason: `no enclosing name of ${name} has NS records` };
  } finally {
    if (!o.client) client.close();
  }
}

/** NXDOMAIN/NODATA are answers (empty); refusals and timeouts try the next resolver. */
async function askFirst<T>(resolvers: DnsServer[], q: (r: DnsServer) => Promise<T[]>): Promise<T[] | 'unreachable'> {
  for (const r of resolvers) {
    try {
      return await q(r);
    } catch (err) {
      if (err instanceof DnsQueryError && (err.failure === 'nxdomain' || err.failure === 'nodata')) return [];
    }
  }
  return 'unreachable';
}
