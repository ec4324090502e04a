import type { CoreServices } from '../app/services.ts';
import type { DnsServer } from '../dns/dns-client.ts';
import type { PropagationChecker } from '../dns/propagation.ts';

/** The long-lived parts a use case may need; each use case names the ones it uses. */
export type Core = CoreServices;

/** Opens the resolvers and a propagation checker (closed by whoever opened it). */
export type OpenDns = () => Promise<{ resolvers: DnsServer[]; checker: PropagationChecker }>;
