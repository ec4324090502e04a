import { DnsClient, DnsQueryError, formatServer, type DnsServer } from './dns-client.ts';

export interface Nameserver {
  name: string;
  addresses: string[];
}

export interface ZoneServers {
  /** The zone apex: the closest enclosing name that has NS records (the zone cut). */
  zone: string;
  nameservers: Nameserver[];
}

export class ZoneDiscoveryError extends Error {
  override name = 'ZoneDiscoveryError';
}

/**
 * Finds the zone that holds `name` and its authoritative servers: walk up the labels asking the
 * resolvers for NS until one answers (the zone cut), then resolve each nameserver's addresses.
 */
export async function findZoneServers(client: DnsClient, resolvers: DnsServer[], name: string): Promise<ZoneServers> {
  const labels = name.replace(/\.$/, '').toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    const ns = await askFirst(resolvers, (r) => client.ns(r, candidate));
    // SERVFAIL for a name below the zone (a CNAME loop at the record name, say) says nothing about
    // the zone itself: keep walking up, and let the record check explain the name.
    if (ns === 'servfail' && i < labels.length - 2) continue;
    if (ns === 'unreachable' || ns === 'servfail') {
      throw new ZoneDiscoveryError(
        `No resolver answered (${resolvers.map(formatServer).join(', ')}); check the DNS servers you configured`,
      );
    }
    if (ns.length === 0) continue;
    const nameservers = await Promise.all(
      ns.map(async (nsName) => {
        const addrs = await askFirst(resolvers, (r) => client.addresses(r, nsName));
        return { name: nsName, addresses: Array.isArray(addrs) ? addrs : [] };
      }),
    );
    return { zone: candidate, nameservers };
  }
  throw new ZoneDiscoveryError(
    `Could not find the DNS zone of ${name}: no enclosing name has NS records. Is the domain registered and delegated?`,
  );
}

/**
 * Asks resolvers in turn; NXDOMAIN/NODATA are answers (empty), refusals and timeouts try the next.
 * 'servfail' when every resolver that answered said SERVFAIL.
 */
async function askFirst<T>(resolvers: DnsServer[], q: (r: DnsServer) => Promise<T[]>): Promise<T[] | 'unreachable' | 'servfail'> {
  let servfail = false;
  for (const r of resolvers) {
    try {
      return await q(r);
    } catch (err) {
      if (err instanceof DnsQueryError && (err.failure === 'nxdomain' || err.failure === 'nodata')) return [];
      if (err instanceof DnsQueryError && err.failure === 'servfail') servfail = true;
    }
  }
  return servfail ? 'servfail' : 'unreachable';
}
