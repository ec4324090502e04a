import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { backupDataDir, restoreBackup } from '../../core/usecases/backup.ts';
import { EXIT, UsageError, stringOption, type Command, type CommandContext } from '../command.ts';
import { openCore, secretInput } from '../context.ts';

const passphraseOptions = { 'backup-passphrase-file': { type: 'string' as const } };
const passphraseHelp = { 'backup-passphrase-file': 'backup passphrase from this file; or $PERSISTCERT_BACKUP_PASSPHRASE, or a prompt' };

function backupPassphrase(ctx: CommandContext, confirm: boolean): Promise<string> {
  return secretInput(ctx, 'backup passphrase', {
    file: stringOption(ctx.values, 'backup-passphrase-file'),
    envVar: 'PERSISTCERT_BACKUP_PASSPHRASE',
    confirm,
  });
}

/** `persistcert backup`: the whole data directory (accounts, keys, certificates) in one sealed file. */
export const backupCommand: Command = {
  usage: 'persistcert backup --out <file> [--backup-passphrase-file <file>] [--force]',
  options: { out: { type: 'string' }, force: { type: 'boolean' }, ...passphraseOptions },
  help: { out: 'where to write the backup', force: 'overwrite an existing file', ...passphraseHelp },
  async run(ctx) {
    const out = stringOption(ctx.values, 'out');
    if (!out) throw new UsageError('Say where to write the backup: --out <file>');
    if (existsSync(out) && ctx.values.force !== true) throw new UsageError(`${out} exists; choose another name or add --force`);
    const core = await openCore(ctx);
    const s = await backupDataDir(core, { out, passphrase: await backupPassphrase(ctx, true), overwrite: ctx.values.force === true });
    const parts = [
      `${s.accounts} account(s)`,
      `${s.certificates} certificate(s)`,
      `${s.deployPasswords} PFX deploy password(s)`,
      s.settings ? 'the settings' : 'no settings (none saved)',
    ];
    ctx.stdout.write(`Backed up ${parts.join(', ')} to ${out} (encrypted with your passphrase). Keep both safe, apart.\n`);
    return EXIT.ok;
  },
};

/** `persistcert restore`: the inverse, into an empty data directory and this machine's keystore. */
export const restoreCommand: Command = {
  usage: 'persistcert restore <file> [--backup-passphrase-file <file>]',
  options: { ...passphraseOptions },
  help: { ...passphraseHelp },
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('Say which backup to restore: persistcert restore <file>');
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read ${file}: ${err.code ?? err.message}`);
    });
    const core = await openCore(ctx);
    const { doc, warnings } = await restoreBackup(core, { content: text, passphrase: await backupPassphrase(ctx, false) });
    ctx.stdout.write(`Restored ${doc.accounts.length} account(s) and ${doc.certificates.length} certificate(s) into ${core.dataDir}.\n`);
    for (const w of warnings) ctx.stderr.write(`Warning: ${w}\n`);
    return EXIT.ok;
  },
};
