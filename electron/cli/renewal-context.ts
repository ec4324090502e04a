import { PropagationChecker } from '../core/dns/propagation.ts';
import { renewalDeps } from '../core/renewal/renewal-deps.ts';
import { RenewalService } from '../core/renewal/renewal-service.ts';
import type { CommandContext } from './command.ts';
import type { Core } from './context.ts';
import { dnsSettings } from './dns-options.ts';

/** The renewal service for the CLI's verbs: DNS from --dns/--auth-port, log lines to stderr. */
export function renewalFor(
  ctx: CommandContext,
  core: Core,
  log: (line: string) => void = (line) => ctx.stderr.write(`${line}\n`),
): RenewalService {
  const dns = dnsSettings(ctx);
  return new RenewalService(
    renewalDeps(core, {
      dns: async () => ({ resolvers: dns.resolvers, checker: new PropagationChecker(dns) }),
      log,
      deployEnv: ctx.env,
    }),
  );
}
