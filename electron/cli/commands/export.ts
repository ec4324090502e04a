import { readFile } from 'node:fs/promises';
import type { KeyFormat } from '../../core/export/pem-files.ts';
import { PFX_COMPATIBILITY, type PfxCompatibility } from '../../core/export/pkcs12.ts';
import { exportPem, exportPfx } from '../../core/usecases/export.ts';
import { EXIT, UsageError, stringOption, type Command, type CommandContext } from '../command.ts';
import { openCore } from '../context.ts';

const KEY_FORMATS = ['pkcs8', 'sec1', 'pkcs1'] as const;

/** `persistcert export`: a stored certificate as PEM files or as one PFX, for a server to use. */
export const exportCommand: Command = {
  usage: [
    'persistcert export <certificate id or name> --format pem --out <folder> [--key-format pkcs8|sec1|pkcs1] [--force]',
    '       persistcert export <certificate id or name> --format pfx --out <file.pfx> [--pfx-compat modern|legacy]',
    '                          [--pfx-password-file <file> | --empty-password] [--friendly-name <name>] [--force]',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    'key-format': { type: 'string' },
    'pfx-compat': { type: 'string' },
    'pfx-password-file': { type: 'string' },
    'empty-password': { type: 'boolean' },
    'friendly-name': { type: 'string' },
    force: { type: 'boolean' },
  },
  help: {
    format: 'pem (cert.pem, chain.pem, fullchain.pem, privkey.pem) or pfx',
    out: 'the folder (pem) or file (pfx) to write',
    'key-format': 'private key as pkcs8 (default), sec1 (EC only) or pkcs1 (RSA only)',
    'pfx-compat': `modern: ${PFX_COMPATIBILITY.modern.explanation}; legacy: ${PFX_COMPATIBILITY.legacy.explanation}`,
    'pfx-password-file': 'PFX password from this file (or $PERSISTCERT_PFX_PASSWORD); otherwise one is generated and shown',
    'empty-password': 'write a PFX with an empty password (many servers, e.g. Exchange, refuse it)',
    'friendly-name': 'the name Windows and Java show for the PFX entry',
    force: 'overwrite existing files',
  },
  async run(ctx) {
    const selector = ctx.positionals[0];
    if (!selector) throw new UsageError('Say which certificate: persistcert export <id or name> … (see "persistcert list")');
    const format = stringOption(ctx.values, 'format');
    const out = stringOption(ctx.values, 'out');
    if (format !== 'pem' && format !== 'pfx') throw new UsageError('--format must be pem or pfx');
    if (!out) throw new UsageError(`Say where to write: --out <${format === 'pem' ? 'folder' : 'file.pfx'}>`);
    const core = await openCore(ctx);
    const overwrite = ctx.values.force === true;
    if (format === 'pem') {
      const keyFormat = (stringOption(ctx.values, 'key-format') ?? 'pkcs8') as KeyFormat;
      if (!(KEY_FORMATS as readonly string[]).includes(keyFormat))
        throw new UsageError(`--key-format must be one of ${KEY_FORMATS.join(', ')}`);
      const result = await exportPem(core, { certificate: selector, dir: out, keyFormat, overwrite });
      report(ctx, { files: result.files }, result.files.map((f) => `  ${f.role.padEnd(9)} ${f.path}`).join('\n'));
      return EXIT.ok;
    }
    const compatibility = (stringOption(ctx.values, 'pfx-compat') ?? 'modern') as PfxCompatibility;
    if (!Object.hasOwn(PFX_COMPATIBILITY, compatibility)) throw new UsageError('--pfx-compat must be modern or legacy');
    const allowEmptyPassword = ctx.values['empty-password'] === true;
    const result = await exportPfx(core, {
      certificate: selector,
      path: out,
      compatibility,
      password: await pfxPassword(ctx, allowEmptyPassword),
      allowEmptyPassword,
      friendlyName: stringOption(ctx.values, 'friendly-name'),
      overwrite,
    });
    const { password, generated } = result;
    report(
      ctx,
      { file: result.path, compatibility, ...(generated ? { password } : {}) },
      [
        `  pfx       ${result.path} (${PFX_COMPATIBILITY[compatibility].label})`,
        ...(generated ? [`  password  ${password}`, '  (generated; it is not stored anywhere: copy it now)'] : []),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

/** The PFX password the user gave (a file, then $PERSISTCERT_PFX_PASSWORD); none: one is generated. */
async function pfxPassword(ctx: CommandContext, empty: boolean): Promise<string | undefined> {
  const file = stringOption(ctx.values, 'pfx-password-file');
  if (empty) {
    if (file) throw new UsageError('--empty-password and --pfx-password-file contradict each other');
    return undefined;
  }
  if (file) {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read the PFX password from ${file}: ${err.code ?? err.message}`);
    });
    return text.replace(/\r?\n$/, '');
  }
  return ctx.env.PERSISTCERT_PFX_PASSWORD || undefined;
}

function report(ctx: CommandContext, json: Record<string, unknown>, text: string): void {
  ctx.stdout.write(ctx.values.json ? JSON.stringify(json) + '\n' : `Exported:\n${text}\n`);
}
