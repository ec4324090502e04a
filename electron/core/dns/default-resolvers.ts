import { lazyBuiltin } from '../lazy-builtin.ts';
import { parseServer, type DnsServer } from './dns-client.ts';

// node:dns and the resolver configuration it reads (~1.5 ms) only when the system's are asked for.
const dns = lazyBuiltin<typeof import('node:dns')>('node:dns');

/**
 * Public resolvers checked besides the system's, for real users: a record visible there is
 * visible to most of the Internet. Tests always pass their own loopback servers instead.
 */
export const DEFAULT_RESOLVERS: readonly DnsServer[] = [
  { address: '1.1.1.1', port: 53 },
  { address: '8.8.8.8', port: 53 },
];

/** The resolvers this machine is configured with (/etc/resolv.conf or the OS equivalent). */
export function systemResolvers(): DnsServer[] {
  return dns()
    .getServers()
    .map((s) => parseServer(s));
}

/** In a resolver list (settings, --dns), stands for the system's resolvers. Alone: ask no public resolver. */
export const SYSTEM_RESOLVER = 'system';

/** A resolver list as the user wrote it: addresses, and `system` for the machine's own resolvers. */
export function expandResolvers(list: readonly string[]): DnsServer[] {
  return list.flatMap((s) => (s.trim().toLowerCase() === SYSTEM_RESOLVER ? systemResolvers() : [parseServer(s)]));
}
