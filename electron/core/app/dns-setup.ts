import type { DnsServer } from '../dns/dns-client.ts';
import { DEFAULT_RESOLVERS, expandResolvers, systemResolvers } from '../dns/default-resolvers.ts';
import { PropagationChecker } from '../dns/propagation.ts';
import { loadSettings } from './settings.ts';

type DnsDefaults = { resolvers?: DnsServer[] | undefined; authoritativePort?: number | undefined };

/**
 * The resolvers the app uses: the user's from settings, else the host's defaults (tests and the
 * demo pass loopback servers). Read at each use, so a settings change applies to the next check
 * and the next renewal.
 */
export async function appResolvers(dataDir: string, defaults: DnsDefaults): Promise<DnsServer[]> {
  const settings = await loadSettings(dataDir);
  return settings.resolvers.length
    ? expandResolvers(settings.resolvers)
    : (defaults.resolvers ?? [...systemResolvers(), ...DEFAULT_RESOLVERS]);
}

/** The resolvers and a propagation checker over them (the caller closes it). */
export async function appDns(dataDir: string, defaults: DnsDefaults): Promise<{ resolvers: DnsServer[]; checker: PropagationChecker }> {
  const resolvers = await appResolvers(dataDir, defaults);
  return { resolvers, checker: new PropagationChecker({ resolvers, authoritativePort: defaults.authoritativePort ?? 53 }) };
}
