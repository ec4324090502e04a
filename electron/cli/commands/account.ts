import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { isKeyType, KEY_TYPES, type KeyType } from '../../core/crypto/keys.ts';
import { TermsNotAgreedError } from '../../core/acme/account.ts';
import { writeFileAtomic } from '../../core/fs/atomic-write.ts';
import { accountView, accountViews, backupAccount, createAccount, restoreAccount, rolloverAccount } from '../../core/usecases/accounts.ts';
import { EXIT, UsageError, listOption, stringOption, type Command, type CommandContext } from '../command.ts';
import { caDirectory, openCore, secretInput } from '../context.ts';

const SUBCOMMANDS = ['create', 'show', 'backup', 'restore', 'rollover', 'deactivate'] as const;

/**
 * `persistcert account …`: the ACME account is what a dns-persist-01 record authorizes, so its
 * key is kept in the keychain and every verb here either protects it or moves it safely.
 */
export const accountCommand: Command = {
  usage: [
    'persistcert account create --ca <ca> [--email <addr>]... --agree-tos [--eab-kid <id> [--eab-hmac-key-file <file>]] [--key-type ec-p256]',
    '       persistcert account show [--account <id>] [--json]',
    '       persistcert account backup --out <file> [--account <id>] [--backup-passphrase-file <file>] [--force]',
    '       persistcert account restore <file> [--backup-passphrase-file <file>] [--no-verify]',
    '       persistcert account rollover [--account <id>] [--key-type <type>]',
    '       persistcert account deactivate --confirm <account URL> [--account <id>]',
  ].join('\n'),
  options: {
    account: { type: 'string' },
    email: { type: 'string', multiple: true },
    'agree-tos': { type: 'boolean' },
    'eab-kid': { type: 'string' },
    'eab-hmac-key': { type: 'string' },
    'eab-hmac-key-file': { type: 'string' },
    'key-type': { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'backup-passphrase-file': { type: 'string' },
    'no-verify': { type: 'boolean' },
    confirm: { type: 'string' },
  },
  help: {
    account: 'which account (id or account URL) when there are several',
    email: 'contact address for the CA (repeatable)',
    'agree-tos': "agree to the CA's terms of service",
    'eab-kid': 'External Account Binding key ID (CAs that require EAB)',
    'eab-hmac-key': 'refused: a key on the command line shows in ps; use --eab-hmac-key-file or $PERSISTCERT_EAB_HMAC_KEY',
    'eab-hmac-key-file':
      'file (mode 0600) holding the External Account Binding HMAC key (base64url); or $PERSISTCERT_EAB_HMAC_KEY, or a prompt',
    'key-type': `account or certificate key type: ${KEY_TYPES.join(', ')}`,
    out: 'where to write the backup',
    force: 'overwrite an existing file',
    'backup-passphrase-file': 'backup passphrase from this file; or $PERSISTCERT_BACKUP_PASSPHRASE, or a prompt',
    'no-verify': 'restore without asking the CA to confirm the key (offline)',
    confirm: 'the account URL, typed out, to deactivate (irreversible)',
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UsageError(`say what to do: persistcert account ${SUBCOMMANDS.join('|')}`);
    }
    const c = { ...ctx, positionals: rest };
    switch (sub as (typeof SUBCOMMANDS)[number]) {
      case 'create':
        return create(c);
      case 'show':
        return show(c);
      case 'backup':
        return backup(c);
      case 'restore':
        return restore(c);
      case 'rollover':
        return rollover(c);
      case 'deactivate':
        return deactivate(c);
    }
  },
};

function keyTypeOption(ctx: CommandContext): KeyType | undefined {
  const v = stringOption(ctx.values, 'key-type');
  if (v === undefined) return undefined;
  if (!isKeyType(v)) throw new UsageError(`--key-type must be one of ${KEY_TYPES.join(', ')}, not "${v}"`);
  return v;
}

async function create(ctx: CommandContext): Promise<number> {
  // A secret in argv is readable by every local user (ps, /proc/<pid>/cmdline): refused, not used.
  if (ctx.values['eab-hmac-key'] !== undefined) {
    throw new UsageError(
      '--eab-hmac-key puts the key where other users can read it (ps); give it with --eab-hmac-key-file <file> (mode 0600) or $PERSISTCERT_EAB_HMAC_KEY, or leave it out to be asked',
    );
  }
  const directoryUrl = caDirectory(ctx);
  const kid = stringOption(ctx.values, 'eab-kid');
  const hmacFile = stringOption(ctx.values, 'eab-hmac-key-file');
  if (kid === undefined && (hmacFile !== undefined || ctx.env.PERSISTCERT_EAB_HMAC_KEY))
    throw new UsageError('An EAB HMAC key was given without --eab-kid: give both');
  const hmacKey =
    kid === undefined ? undefined : await secretInput(ctx, 'EAB HMAC key', { file: hmacFile, envVar: 'PERSISTCERT_EAB_HMAC_KEY' });
  const core = await openCore(ctx);
  const keyType = keyTypeOption(ctx);
  const account = await createAccount(core, {
    directoryUrl,
    agreeToTerms: ctx.values['agree-tos'] === true,
    contact: listOption(ctx.values, 'email'),
    keyType,
    eab: kid && hmacKey ? { kid, hmacKey } : undefined,
  }).catch((err: unknown) => {
    if (err instanceof TermsNotAgreedError)
      throw new UsageError(`This CA requires agreeing to its terms of service: read ${err.termsUrl}, then add --agree-tos`);
    throw err;
  });
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify(accountView(core, account)) + '\n');
  } else {
    ctx.stdout.write(
      [
        `Account created: ${account.accountUrl}`,
        `Its key is in ${core.keystore.describe()}.`,
        'Your DNS records will name this account. If its key is lost, every record becomes useless:',
        `back it up now:  persistcert account backup --out persistcert-account.json${ctx.values['data-dir'] ? ` --data-dir ${String(ctx.values['data-dir'])}` : ''}`,
        '',
      ].join('\n'),
    );
  }
  return EXIT.ok;
}

async function show(ctx: CommandContext): Promise<number> {
  const core = await openCore(ctx);
  // A rollover left open (lost reply, crash) is settled here: asking the CA is the only way to know.
  const unsettled = await core.accounts.settleAll();
  for (const u of unsettled) ctx.stderr.write(`warning: ${u.error.message}\n`);
  const selector = stringOption(ctx.values, 'account');
  const accounts = selector ? [core.accounts.find(selector)] : core.accounts.list();
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify(accountViews(core, accounts)) + '\n');
    return EXIT.ok;
  }
  if (accounts.length === 0) {
    ctx.stdout.write('No accounts yet. Create one: persistcert account create --ca <ca> --agree-tos\n');
    return EXIT.ok;
  }
  // One query for every account's certificates, without loading the records.
  const certificates = core.certificates.summaries();
  for (const a of accounts) {
    const certs = certificates.filter((c) => c.accountId === a.id && c.status === 'valid');
    ctx.stdout.write(
      [
        `${a.accountUrl}`,
        `  id:         ${a.id}`,
        `  CA:         ${a.directoryUrl}`,
        `  status:     ${a.status}`,
        `  key:        ${a.keyType}, in ${core.keystore.describe()}`,
        `  contact:    ${a.contact.join(', ') || '(none)'}`,
        `  backed up:  ${a.backedUpAt ?? `${a.rolledOverAt ? `NOT SINCE THE KEY ROLLOVER of ${a.rolledOverAt} (older backups hold the old key)` : 'NEVER'}: run "persistcert account backup --out <file>"`}`,
        ...(a.pendingKeyRef ? ['  rollover:   NOT SETTLED: the CA could not be asked which key it holds; both keys are kept'] : []),
        `  certificates: ${certs.length}${certs.length ? ` (${certs.flatMap((c) => c.names).join(', ')})` : ''}`,
        '',
      ].join('\n'),
    );
  }
  return EXIT.ok;
}

async function backupPassphrase(ctx: CommandContext, confirm: boolean): Promise<string> {
  return secretInput(ctx, 'backup passphrase', {
    file: stringOption(ctx.values, 'backup-passphrase-file'),
    envVar: 'PERSISTCERT_BACKUP_PASSPHRASE',
    confirm,
  });
}

async function backup(ctx: CommandContext): Promise<number> {
  const out = stringOption(ctx.values, 'out');
  if (!out) throw new UsageError('Say where to write the backup: --out <file>');
  if (existsSync(out) && ctx.values.force !== true) throw new UsageError(`${out} exists; choose another name or add --force`);
  const core = await openCore(ctx);
  const { account, content } = await backupAccount(core, {
    accountId: stringOption(ctx.values, 'account'),
    passphrase: await backupPassphrase(ctx, true),
  });
  await writeFileAtomic(out, content, { mode: 0o600 });
  ctx.stdout.write(
    ctx.values.json
      ? JSON.stringify({ file: out, accountUrl: account.accountUrl }) + '\n'
      : `Backed up ${account.accountUrl} to ${out} (encrypted with your passphrase). Keep both safe, apart.\n`,
  );
  return EXIT.ok;
}

async function restore(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0];
  if (!file) throw new UsageError('Say which backup to restore: persistcert account restore <file>');
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read ${file}: ${err.code ?? err.message}`);
  });
  const core = await openCore(ctx);
  const account = await restoreAccount(core, {
    content: text,
    passphrase: await backupPassphrase(ctx, false),
    verifyWithCa: ctx.values['no-verify'] !== true,
  });
  ctx.stdout.write(
    ctx.values.json
      ? JSON.stringify(accountView(core, account)) + '\n'
      : `Restored ${account.accountUrl}; records naming it keep working. Its key is in ${core.keystore.describe()}.\n`,
  );
  return EXIT.ok;
}

async function rollover(ctx: CommandContext): Promise<number> {
  const core = await openCore(ctx);
  const rolled = await rolloverAccount(core, { accountId: stringOption(ctx.values, 'account'), keyType: keyTypeOption(ctx) });
  ctx.stdout.write(
    ctx.values.json
      ? JSON.stringify(accountView(core, rolled)) + '\n'
      : `Rolled the key of ${rolled.accountUrl} (now ${rolled.keyType}). The account URL is unchanged, so no DNS record changes.\n` +
          'Make a fresh backup: the old backup holds the old key, which the CA no longer accepts.\n',
  );
  return EXIT.ok;
}

async function deactivate(ctx: CommandContext): Promise<number> {
  const core = await openCore(ctx);
  const account = core.accounts.find(stringOption(ctx.values, 'account'));
  if (stringOption(ctx.values, 'confirm') !== account.accountUrl) {
    throw new UsageError(
      `Deactivation is permanent and breaks every DNS record that names this account. To go ahead, add --confirm ${account.accountUrl}`,
    );
  }
  await core.accounts.deactivate(account);
  ctx.stdout.write(`Deactivated ${account.accountUrl}. Records naming it no longer authorize anything; remove them from DNS.\n`);
  return EXIT.ok;
}
