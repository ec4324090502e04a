import { parseVerifyEndpoint, type VerifyEndpoint } from '../../../shared/verify-endpoint.ts';
import { DEFAULT_VERIFY_RETRY_MS, type EndpointResult } from '../../core/verify/verify-deploy.ts';
import { verifyCertificateDeployment } from '../../core/verify/verify-certificate.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { openCore } from '../context.ts';
import { renewalFor } from '../renewal-context.ts';
import { describeEndpointResult } from '../verify-output.ts';
import { verifyDeployed } from '../../core/renewal/deploy-step.ts';

/** `persistcert verify`: does each server serve the current certificate (after a deploy, or any time)? */
export const verifyCommand: Command = {
  usage:
    'persistcert verify <id or name> [--endpoint host:port[,sni=name][,starttls=smtp|imap] …] [--retry-for <seconds>] [--json]\n' +
    '  without --endpoint: the servers set with "persistcert configure <name> --verify-endpoint …" (the result is kept)\n' +
    '  exit 0 when every endpoint serves it, 3 when one serves an old or other certificate or cannot be reached',
  options: {
    endpoint: { type: 'string', multiple: true },
    'retry-for': { type: 'string' },
  },
  async run(ctx) {
    const [selector, ...extra] = ctx.positionals;
    if (!selector || extra.length) throw new UsageError('Name one certificate (id or name; see "persistcert list")');
    const texts = (ctx.values.endpoint as string[] | undefined) ?? [];
    const endpoints: VerifyEndpoint[] = texts.map((t) => {
      const parsed = parseVerifyEndpoint(t);
      if (!parsed.ok) throw new UsageError(`--endpoint ${t}: ${parsed.error}`);
      return parsed.endpoint;
    });
    const retryText = ctx.values['retry-for'] as string | undefined;
    const retrySeconds = retryText === undefined ? DEFAULT_VERIFY_RETRY_MS / 1000 : Number(retryText);
    if (!Number.isFinite(retrySeconds) || retrySeconds < 0 || retrySeconds > 3600)
      throw new UsageError(`--retry-for ${retryText}: give seconds from 0 to 3600`);
    const core = await openCore(ctx);
    const cert = core.certificates.find(selector);
    const retryForMs = retrySeconds * 1000;
    let results: EndpointResult[];
    if (endpoints.length) results = await verifyCertificateDeployment(cert, core.certificates.list(), endpoints, { retryForMs });
    else {
      const profile = cert.profileId ? core.store.profile(cert.profileId) : undefined;
      if (!profile?.verifyEndpoints.length) {
        throw new UsageError(
          `No servers to check for ${cert.names[0]}: give --endpoint host:port, or keep them with "persistcert configure ${selector} --verify-endpoint host:port"`,
        );
      }
      const { deps } = renewalFor(ctx, core, () => {});
      results = await verifyDeployed({ ...deps, verify: { retryForMs } }, cert, profile);
    }
    if (ctx.values.json) ctx.stdout.write(JSON.stringify(results) + '\n');
    else for (const r of results) ctx.stdout.write(describeEndpointResult(r) + '\n');
    return results.every((r) => r.status === 'serving') ? EXIT.ok : EXIT.failed;
  },
};
