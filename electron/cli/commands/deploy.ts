import { deployStored } from '../../core/renewal/deploy-step.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { openCore } from '../context.ts';
import { renewalFor } from '../renewal-context.ts';
import { describeEndpointResult } from '../verify-output.ts';

/** `persistcert deploy`: run a certificate's deploy step now (after changing it, or to retry). */
export const deployCommand: Command = {
  usage: 'persistcert deploy <id or name>   (configure what it does with "persistcert configure")',
  options: {},
  async run(ctx) {
    const [selector, ...extra] = ctx.positionals;
    if (!selector || extra.length) throw new UsageError('Name one certificate (id or name; see "persistcert list")');
    const core = await openCore(ctx);
    const cert = core.certificates.find(selector);
    const profile = cert.profileId ? core.store.profile(cert.profileId) : undefined;
    const report = await deployStored(renewalFor(ctx, core, () => {}).deps, cert, profile, false);
    if (!report) {
      ctx.stderr.write(`Nothing to deploy for ${cert.names[0]}: set files or a command with "persistcert configure ${selector} …"\n`);
      return EXIT.usage;
    }
    if (ctx.values.json) ctx.stdout.write(JSON.stringify(report) + '\n');
    else {
      for (const f of report.files) ctx.stdout.write(`wrote ${f.path} (${f.mode.toString(8)})\n`);
      if (report.command)
        ctx.stdout.write(
          `ran: ${report.command.run} (exit ${report.command.exitCode ?? report.command.signal}${report.command.timedOut ? ', timed out' : ''})\n${report.command.output}`,
        );
      if (!report.ok)
        ctx.stderr.write(`Deploy failed: ${report.error?.message ?? ''}${report.error?.fix ? `\n  fix: ${report.error.fix}` : ''}\n`);
      for (const r of report.verification ?? []) ctx.stdout.write(describeEndpointResult(r) + '\n');
    }
    const served = (report.verification ?? []).every((r) => r.status === 'serving');
    return report.ok && served ? EXIT.ok : EXIT.failed;
  },
};
