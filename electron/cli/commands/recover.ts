import { EXIT, UsageError, type Command } from '../command.ts';
import { openCore } from '../context.ts';

/** `persistcert recover`: add a certificate that was issued while the disk was full. */
export const recoverCommand: Command = {
  usage: 'persistcert recover <rescue file>   (the file the failed issue named)',
  options: {},
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length) throw new UsageError('Name the rescue file the failed issue printed: persistcert recover <file>');
    const core = await openCore(ctx);
    const cert = await core.certificates.recover(file);
    if (ctx.values.json) ctx.stdout.write(JSON.stringify({ id: cert.id, names: cert.names, notAfter: cert.notAfter }) + '\n');
    else ctx.stdout.write(`Recovered the certificate for ${cert.names.join(', ')} (valid until ${cert.notAfter}); ${file} was removed.\n`);
    return EXIT.ok;
  },
};
