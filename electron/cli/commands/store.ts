import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../core/fs/atomic-write.ts';
import { dumpStore } from '../../core/store/store-dump.ts';
import { EXIT, stringOption, UsageError, type Command } from '../command.ts';
import { openCore } from '../context.ts';

/** `persistcert store export`: the store as readable JSON, without sealed keys. */
export const storeCommand: Command = {
  usage: 'persistcert store export [--json] [--out FILE [--force]]',
  options: {
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  help: {
    out: 'Write the JSON to FILE (0600) instead of standard output',
    force: 'Replace FILE if it exists',
  },
  async run(ctx) {
    const [action, ...extra] = ctx.positionals;
    if (action !== 'export' || extra.length) throw new UsageError('Say what to do with the store: persistcert store export [--out FILE]');
    const core = await openCore(ctx);
    const text = JSON.stringify(await dumpStore(core.store), null, 2) + '\n';
    const out = stringOption(ctx.values, 'out');
    if (!out) {
      ctx.stdout.write(text);
      return EXIT.ok;
    }
    if (existsSync(out) && ctx.values.force !== true) throw new UsageError(`${out} exists; choose another name or add --force`);
    await writeFileAtomic(out, text, { mode: 0o600, overwrite: ctx.values.force === true });
    ctx.stderr.write(`Wrote the store (${core.store.snapshot.certificates.length} certificates) to ${out}\n`);
    return EXIT.ok;
  },
};
