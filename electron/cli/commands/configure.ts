import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenewalSettingsView } from '../../../shared/api/views.ts';
import { formatDeployEnvHelp } from '../../core/deploy/deploy.ts';
import type { RenewalSettingsInput } from '../../core/renewal/renewal-settings.ts';
import { getRenewalSettings, setRenewalSettings } from '../../core/usecases/renewal-settings.ts';
import { EXIT, UsageError, listOption, stringOption, type Command, type CommandContext } from '../command.ts';
import { openCore } from '../context.ts';

const KEY_FORMATS = ['pkcs8', 'sec1', 'pkcs1'] as const;

/** `persistcert configure`: a certificate's renewal and deploy settings (kept across renewals). */
export const configureCommand: Command = {
  usage: [
    'persistcert configure <id or name> [--pem-dir <dir>] [--pfx <file> [--pfx-legacy] [--pfx-password-file <f>]]',
    '       [--deploy-command <shell command>] [--deploy-timeout <seconds>] [--backup-account <id or URL>]',
    '       [--failover-after <n>] [--reuse-key | --new-key] [--auto-renew | --no-auto-renew]',
    '       [--verify-endpoint host:port[,sni=name][,starttls=smtp|imap] …] [--verify-wait <seconds>] [--clear <what>]',
    '',
    'The deploy command runs with /bin/sh after every renewal (and on "persistcert deploy"), with:',
    formatDeployEnvHelp('  '),
  ].join('\n'),
  options: {
    'pem-dir': { type: 'string' },
    'key-format': { type: 'string' },
    pfx: { type: 'string' },
    'pfx-legacy': { type: 'boolean' },
    'pfx-password-file': { type: 'string' },
    'deploy-command': { type: 'string' },
    'deploy-timeout': { type: 'string' },
    'backup-account': { type: 'string' },
    'failover-after': { type: 'string' },
    'reuse-key': { type: 'boolean' },
    'new-key': { type: 'boolean' },
    'auto-renew': { type: 'boolean' },
    'no-auto-renew': { type: 'boolean' },
    'verify-endpoint': { type: 'string', multiple: true },
    'verify-wait': { type: 'string' },
    clear: { type: 'string', multiple: true },
  },
  help: {
    'pem-dir': 'write cert.pem, chain.pem, fullchain.pem and privkey.pem (0600) here after each renewal',
    'key-format': `private key PEM format: ${KEY_FORMATS.join(', ')} (default pkcs8)`,
    pfx: 'write a PKCS#12 file here after each renewal',
    'pfx-legacy': 'PFX readable by old Windows and Java (3DES/SHA-1) instead of AES-256/SHA-256',
    'pfx-password-file': 'the PFX password, from a file (kept in the keystore); without one the PFX has an empty password',
    'deploy-command': 'run after each renewal (e.g. "systemctl reload nginx")',
    'deploy-timeout': 'seconds before the deploy command is stopped (default 120)',
    'backup-account': 'an account at another CA to renew from when this CA keeps failing; publish its record too',
    'failover-after': 'failed attempts before the backup CA is used (default 3)',
    'reuse-key': 'keep the certificate key across renewals',
    'new-key': 'a new key at each renewal (the default)',
    'auto-renew': 'renew unattended (the default)',
    'no-auto-renew': 'only renew by hand',
    'verify-endpoint': 'after each deploy, check that this server serves the new certificate (repeatable; replaces the list)',
    'verify-wait': 'seconds to wait for servers to reload before the verdict (default 60)',
    clear: 'remove a setting: pem, pfx, command, backup or verify (repeatable)',
  },
  async run(ctx) {
    const [selector, ...extra] = ctx.positionals;
    if (!selector || extra.length) throw new UsageError('Name one certificate (id or name; see "persistcert list")');
    const core = await openCore(ctx);
    const current = await getRenewalSettings(core, { certificate: selector });
    const changes = Object.keys(ctx.values).filter((k) => k in configureCommand.options);
    if (changes.length === 0) {
      print(ctx, current);
      return EXIT.ok;
    }
    const settings = await mergeOptions(ctx, current, core.accounts.find.bind(core.accounts));
    // The owner's own command line: a deploy command set here needs no further approval.
    print(ctx, await setRenewalSettings(core, { certificate: current.certificateId, settings }));
    return EXIT.ok;
  },
};

async function mergeOptions(
  ctx: CommandContext,
  current: RenewalSettingsView,
  findAccount: (s: string) => { id: string },
): Promise<RenewalSettingsInput> {
  const v = ctx.values;
  const clear = new Set((Array.isArray(v.clear) ? v.clear : []).map(String));
  for (const c of clear)
    if (!['pem', 'pfx', 'command', 'backup', 'verify'].includes(c))
      throw new UsageError(`--clear takes pem, pfx, command, backup or verify, not "${c}"`);
  const endpoints = listOption(v, 'verify-endpoint');
  const waitText = stringOption(v, 'verify-wait');
  const verifyWaitSec = waitText === undefined ? current.verifyWaitSec : Number(waitText);
  if (!Number.isInteger(verifyWaitSec) || verifyWaitSec < 0 || verifyWaitSec > 3600)
    throw new UsageError('--verify-wait must be whole seconds from 0 to 3600');
  if (v['reuse-key'] && v['new-key']) throw new UsageError('Use either --reuse-key or --new-key');
  if (v['auto-renew'] && v['no-auto-renew']) throw new UsageError('Use either --auto-renew or --no-auto-renew');
  const keyFormat = stringOption(v, 'key-format') ?? current.pem?.keyFormat ?? 'pkcs8';
  if (!(KEY_FORMATS as readonly string[]).includes(keyFormat))
    throw new UsageError(`--key-format must be one of ${KEY_FORMATS.join(', ')}`);
  const pemDir = stringOption(v, 'pem-dir');
  const pfxPath = stringOption(v, 'pfx');
  const timeoutText = stringOption(v, 'deploy-timeout');
  const timeoutSec = timeoutText === undefined ? (current.command?.timeoutSec ?? 120) : Number(timeoutText);
  if (!Number.isInteger(timeoutSec) || timeoutSec < 1 || timeoutSec > 3600)
    throw new UsageError('--deploy-timeout must be whole seconds from 1 to 3600');
  const failoverText = stringOption(v, 'failover-after');
  const failoverAfter = failoverText === undefined ? current.failoverAfter : Number(failoverText);
  if (!Number.isInteger(failoverAfter) || failoverAfter < 1 || failoverAfter > 20)
    throw new UsageError('--failover-after must be a whole number from 1 to 20');
  const run = stringOption(v, 'deploy-command') ?? current.command?.run;
  const backupText = stringOption(v, 'backup-account');
  const passwordFile = stringOption(v, 'pfx-password-file');
  const password = passwordFile
    ? (
        await readFile(passwordFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new UsageError(`Cannot read the PFX password from ${passwordFile}: ${err.code ?? err.message}`);
        })
      ).replace(/\r?\n$/, '')
    : undefined;
  const pfxBase = pfxPath
    ? { path: path.resolve(pfxPath), compatibility: v['pfx-legacy'] ? ('legacy' as const) : ('modern' as const) }
    : current.pfx;
  if (!pfxBase && (passwordFile || v['pfx-legacy']))
    throw new UsageError('--pfx-password-file and --pfx-legacy need a PFX file: add --pfx <file>');
  return {
    autoRenew: v['no-auto-renew'] ? false : v['auto-renew'] ? true : current.autoRenew,
    reuseKey: v['reuse-key'] ? true : v['new-key'] ? false : current.reuseKey,
    pem: clear.has('pem')
      ? null
      : pemDir
        ? { dir: path.resolve(pemDir), keyFormat: keyFormat as (typeof KEY_FORMATS)[number] }
        : current.pem,
    pfx:
      clear.has('pfx') || !pfxBase
        ? null
        : {
            path: pfxBase.path,
            compatibility: v['pfx-legacy'] ? 'legacy' : pfxBase.compatibility,
            ...(password !== undefined ? { password } : {}),
          },
    command: clear.has('command') || !run ? null : { run, timeoutSec },
    backupAccountId: clear.has('backup') ? null : backupText ? findAccount(backupText).id : current.backupAccountId,
    failoverAfter,
    verifyEndpoints: clear.has('verify') ? [] : endpoints.length ? endpoints : current.verifyEndpoints,
    verifyWaitSec,
  };
}

function print(ctx: CommandContext, s: RenewalSettingsView): void {
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify(s) + '\n');
    return;
  }
  ctx.stdout.write(
    [
      `${s.names.join(', ')} (${s.certificateId})`,
      `  automatic renewal: ${s.autoRenew ? 'on' : 'off'}; key: ${s.reuseKey ? 'reused' : 'new at each renewal'}`,
      `  PEM files: ${s.pem ? `${s.pem.dir} (${s.pem.keyFormat})` : 'none'}`,
      `  PFX file: ${s.pfx ? `${s.pfx.path} (${s.pfx.compatibility}, ${s.pfx.hasPassword ? 'password in the keystore' : 'empty password'})` : 'none'}`,
      `  deploy command: ${s.command ? `${s.command.run} (timeout ${s.command.timeoutSec} s)` : 'none'}`,
      `  backup CA account: ${s.backupAccountId ? `${s.backupAccountId}, after ${s.failoverAfter} failed attempt(s)` : 'none'}`,
      `  verified after deploy: ${s.verifyEndpoints.length ? `${s.verifyEndpoints.join(' ')} (waiting up to ${s.verifyWaitSec} s for a reload)` : 'none'}`,
    ].join('\n') + '\n',
  );
}
