import { assertTrustedDataDir } from '../../core/fs/data-dir-trust.ts';
import { resolveDataDir } from '../../core/store/data-dir.ts';
import { openStore } from '../../core/store/store.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';

/** `persistcert list`: the certificates in the data directory. */
export const listCommand: Command = {
  usage: 'persistcert list [--json]',
  options: {},
  async run(ctx) {
    // The store alone, not the whole core (../context.ts openCore): listing needs no key, no CA
    // client and no certificate service, and loading them was a third of `list`'s time.
    const flag = stringOption(ctx.values, 'data-dir');
    if (flag !== undefined && flag.trim() === '')
      throw new UsageError('--data-dir is empty: give a directory path (or leave the flag out for the default)');
    const kind = stringOption(ctx.values, 'keystore') ?? ctx.env.PERSISTCERT_KEYSTORE ?? 'auto';
    if (!['auto', 'os', 'file'].includes(kind)) throw new UsageError(`--keystore must be one of auto, os, file, not "${kind}"`);
    const dataDir = resolveDataDir(flag, ctx.env);
    await assertTrustedDataDir(dataDir, { allowRoot: ctx.values['allow-root'] === true });
    const store = await openStore(dataDir, { summariesOnly: true });
    // One query, soonest expiry first: listing thousands must not load and validate every record.
    let certs;
    try {
      certs = store.certificateSummaries();
    } finally {
      store.close();
    }
    if (ctx.values.json) {
      ctx.stdout.write(
        JSON.stringify(
          certs.map((c) => ({
            id: c.id,
            names: c.names,
            status: c.status,
            notBefore: c.notBefore,
            notAfter: c.notAfter,
            serial: c.serialHex,
            ca: c.directoryUrl,
          })),
        ) + '\n',
      );
      return EXIT.ok;
    }
    if (certs.length === 0) {
      ctx.stdout.write('No certificates yet. Issue one: persistcert issue -d <name>\n');
      return EXIT.ok;
    }
    const now = Date.now();
    ctx.stdout.write(
      certs
        .map(
          (c) =>
            `${c.id}  ${c.status.padEnd(8)}  expires ${c.notAfter.slice(0, 10)} (${Math.floor((Date.parse(c.notAfter) - now) / 86_400_000)} days)  ${c.names.join(', ')}\n`,
        )
        .join(''),
    );
    return EXIT.ok;
  },
};
