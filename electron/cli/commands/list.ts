import { EXIT, type Command } from '../command.ts';
import { openCore } from '../context.ts';

/** `persistcert list`: the certificates in the data directory. */
export const listCommand: Command = {
  usage: 'persistcert list [--json]',
  options: {},
  async run(ctx) {
    const core = await openCore(ctx);
    // One query, soonest expiry first: listing thousands must not load and validate every record.
    const certs = core.certificates.summaries();
    if (ctx.values.json) {
      ctx.stdout.write(
        JSON.stringify(certs.map((c) => ({ id: c.id, names: c.names, status: c.status, notBefore: c.notBefore, notAfter: c.notAfter, serial: c.serialHex, ca: c.directoryUrl }))) + '\n',
      );
      return EXIT.ok;
    }
    if (certs.length === 0) {
      ctx.stdout.write('No certificates yet. Issue one: persistcert issue -d <name>\n');
      return EXIT.ok;
    }
    for (const c of certs) {
      const days = Math.floor((Date.parse(c.notAfter) - Date.now()) / 86_400_000);
      ctx.stdout.write(`${c.id}  ${c.status.padEnd(8)}  expires ${c.notAfter.slice(0, 10)} (${days} days)  ${c.names.join(', ')}\n`);
    }
    return EXIT.ok;
  },
};
