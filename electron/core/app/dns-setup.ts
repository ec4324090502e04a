import type { DnsServer } from '../dns/dns-client.ts';
import { DEFAULT_RESOLVERS, expandResolvers, systemResolvers } from '../dns/default-resolvers.ts';
import { PropagationChecker } from '../dns/propagation.ts';
import { loadSettings } from './settings.ts';

/**
 * The resolvers and propagation checker the app uses: the user's resolvers from settings, else
 * the host's defaults (tests and the demo pass loopback servers). Read at each use, so a
 * settings change applies to the next check and the next renewal.
 */
export async function appDns(dataDir: string, defaults: { resolvers?: DnsServer[] | undefined; authoritativePort?: number | undefined }): Promise<{ resolvers: DnsServer[]; checker: PropagationChecker }> {
  const settings = await loadSettings(dataDir);
  const resolvers = settings.resolvers.length ? expandResolvers(settings.resolvers) : (defaults.resolvers ?? [...systemResolvers(), ...DEFAULT_RESOLVERS]);
  return { resolvers, checker: new PropagationChecker({ resolvers, authoritativePort: defaults.authoritativePort ?? 53 }) };
}
