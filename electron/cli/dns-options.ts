import type { DnsServer } from '../core/dns/dns-client.ts';
import { PropagationChecker } from '../core/dns/propagation.ts';
import { DEFAULT_RESOLVERS, expandResolvers, systemResolvers } from '../core/dns/default-resolvers.ts';
import { UsageError, stringOption, type CommandContext } from './command.ts';

/** The resolvers and the authoritative port from --dns / --auth-port. */
export function dnsSettings(ctx: CommandContext): { resolvers: DnsServer[]; authoritativePort: number } {
  const list = stringOption(ctx.values, 'dns') ?? ctx.env.PERSISTCERT_DNS;
  let resolvers: DnsServer[] | undefined;
  if (list) {
    try {
      resolvers = expandResolvers(list.split(',').filter(Boolean));
    } catch (err) {
      throw new UsageError(`--dns: ${(err as Error).message}`);
    }
    if (resolvers.length === 0) throw new UsageError('--dns needs at least one server, e.g. --dns 127.0.0.1:5353');
  }
  const portText = stringOption(ctx.values, 'auth-port') ?? ctx.env.PERSISTCERT_AUTH_PORT;
  const authoritativePort = portText === undefined ? 53 : Number(portText);
  if (!Number.isInteger(authoritativePort) || authoritativePort < 1 || authoritativePort > 65535) {
    throw new UsageError(`--auth-port must be a port number, not "${portText}"`);
  }
  if (resolvers) return { resolvers, authoritativePort };
  let system: DnsServer[] | undefined;
  return {
    // The system's resolvers are read when a check first asks (node:dns and its configuration,
    // ~1.5 ms): `issue --no-precheck` asks only to explain a refusal.
    get resolvers() {
      return (system ??= [...systemResolvers(), ...DEFAULT_RESOLVERS]);
    },
    authoritativePort,
  };
}

export function checkerFor(ctx: CommandContext): PropagationChecker {
  return new PropagationChecker(dnsSettings(ctx));
}
