import { parseVerifyEndpoint, type VerifyEndpoint } from '../../../shared/verify-endpoint.ts';
import { DEFAULT_VERIFY_RETRY_MS, type EndpointResult } from '../../core/verify/verify-deploy.ts';
import { verifyCertificateDeployment } from '../../core/verify/verify-certificate.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { openCore } from '../context.ts';

/** `persistcert verify`: does each server serve the current certificate (after a deploy, or any time)? */
export const verifyCommand: Command = {
  usage:
    'persistcert verify <id or name> --endpoint host:port[,sni=name][,starttls=smtp|imap] [--endpoint …] [--retry-for <seconds>] [--json]\n' +
    '  exit 0 when every endpoint serves it, 3 when one serves an old or other certificate or cannot be reached',
  options: {
    endpoint: { type: 'string', multiple: true },
    'retry-for': { type: 'string' },
  },
  async run(ctx) {
    const [selector, ...extra] = ctx.positionals;
    if (!selector || extra.length) throw new UsageError('Name one certificate (id or name; see "persistcert list")');
    const texts = (ctx.values.endpoint as string[] | undefined) ?? [];
    if (texts.length === 0) throw new UsageError('Say where the certificate should be served: --endpoint www.example.com:443');
    const endpoints: VerifyEndpoint[] = texts.map((t) => {
      const parsed = parseVerifyEndpoint(t);
      if (!parsed.ok) throw new UsageError(`--endpoint ${t}: ${parsed.error}`);
      return parsed.endpoint;
    });
    const retryText = ctx.values['retry-for'] as string | undefined;
    const retrySeconds = retryText === undefined ? DEFAULT_VERIFY_RETRY_MS / 1000 : Number(retryText);
    if (!Number.isFinite(retrySeconds) || retrySeconds < 0 || retrySeconds > 3600) throw new UsageError(`--retry-for ${retryText}: give seconds from 0 to 3600`);
    const core = await openCore(ctx);
    const cert = core.certificates.find(selector);
    const results = await verifyCertificateDeployment(cert, core.certificates.list(), endpoints, { retryForMs: retrySeconds * 1000 });
    if (ctx.values.json) ctx.stdout.write(JSON.stringify(results) + '\n');
    else for (const r of results) ctx.stdout.write(describe(r) + '\n');
    return results.every((r) => r.status === 'serving') ? EXIT.ok : EXIT.failed;
  },
};

function describe(r: EndpointResult): string {
  switch (r.status) {
    case 'serving':
      return `${r.endpoint}: serving the current certificate${r.chainComplete ? '' : `, but ${r.missingIntermediates} intermediate certificate(s) are missing from the served chain: serve the full chain file (fullchain.pem)`}`;
    case 'old-certificate':
      return `${r.endpoint}: still serving the old certificate (serial ${r.servedSerial}, valid until ${r.servedNotAfter}) after ${r.attempts} attempt(s)\n  fix: ${r.fix}`;
    case 'other-certificate':
      return `${r.endpoint}: serving another certificate (serial ${r.servedSerial}, names ${r.servedNames.join(', ')})\n  fix: ${r.fix}`;
    case 'unreachable':
      return `${r.endpoint}: unreachable (${r.reason})\n  fix: ${r.fix}`;
  }
}

