import { isRevocationReason, REVOCATION_REASONS } from '../../core/acme/revocation.ts';
import { revoke, RevocationNotConfirmedError } from '../../core/usecases/revoke.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { openCore } from '../context.ts';

/** `persistcert revoke`: irreversible, so the first name must be typed out again. */
export const revokeCommand: Command = {
  usage: 'persistcert revoke <certificate id or name> --confirm <first name on the certificate> [--reason <reason>]',
  options: { confirm: { type: 'string' }, reason: { type: 'string' } },
  help: {
    confirm: 'the first name on the certificate, typed out',
    reason: `one of ${Object.keys(REVOCATION_REASONS).join(', ')} (default unspecified)`,
  },
  async run(ctx) {
    const selector = ctx.positionals[0];
    if (!selector) throw new UsageError('Say which certificate: persistcert revoke <id or name> --confirm <name>');
    const reason = stringOption(ctx.values, 'reason') ?? 'unspecified';
    if (!isRevocationReason(reason)) throw new UsageError(`--reason must be one of ${Object.keys(REVOCATION_REASONS).join(', ')}`);
    const core = await openCore(ctx);
    const cert = await revoke(core, { certificate: selector, confirm: stringOption(ctx.values, 'confirm'), reason }).catch(
      (err: unknown) => {
        // The command line's way to confirm is an option: say which.
        if (err instanceof RevocationNotConfirmedError) {
          const { names } = err.certificate;
          throw new UsageError(`Revocation cannot be undone. To revoke ${names.join(', ')}, add --confirm ${names[0]}`);
        }
        throw err;
      },
    );
    ctx.stdout.write(`Revoked ${cert.names.join(', ')} (${reason}).\n`);
    return EXIT.ok;
  },
};
