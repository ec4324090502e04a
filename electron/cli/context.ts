import { readFile } from '../core/fs/fs-promised.ts';
import { openServices, type CoreServices } from '../core/app/services.ts';
import { resolvePassphrase } from '../core/keystore/passphrase.ts';
import { resolveDataDir } from '../core/store/data-dir.ts';
import { resolveCa } from '../../shared/ca-presets.ts';
import { UsageError, stringOption, type CommandContext } from './command.ts';

const KEYSTORE_KINDS = ['auto', 'os', 'file'] as const;

/** What most verbs need, opened from the global options. */
export type Core = CoreServices;

/** `readKeysAhead`: the verb will read the account key (issue); see OpenServicesOptions. */
export async function openCore(ctx: CommandContext, options: { readKeysAhead?: boolean } = {}): Promise<Core> {
  const dataDir = dataDirOption(ctx);
  const kind = stringOption(ctx.values, 'keystore') ?? ctx.env.PERSISTCERT_KEYSTORE ?? 'auto';
  if (!(KEYSTORE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--keystore must be one of ${KEYSTORE_KINDS.join(', ')}, not "${kind}"`);
  }
  const passphraseFile = stringOption(ctx.values, 'passphrase-file');
  return openServices({
    dataDir,
    keystore: kind as (typeof KEYSTORE_KINDS)[number],
    passphrase: () =>
      resolvePassphrase({
        env: ctx.env,
        ...(passphraseFile ? { passphraseFile } : {}),
        ...(ctx.prompt ? { prompt: () => ctx.prompt!('Keystore passphrase: ') } : {}),
      }),
    caBundlePem: await readCaBundle(stringOption(ctx.values, 'ca-bundle')),
    env: ctx.env,
    allowRoot: ctx.values['allow-root'] === true,
    // Opened at the first key a verb touches: list, account show, record and renew --status need
    // none, so they never pay the file keystore's scrypt nor prompt for its passphrase.
    lazyKeystore: true,
    readKeysAhead: options.readKeysAhead === true,
    rememberCaServers: true,
  });
}

/** The data directory from --data-dir; an empty value is refused, not taken as the current directory. */
export function dataDirOption(ctx: CommandContext): string {
  const flag = stringOption(ctx.values, 'data-dir');
  if (flag !== undefined && flag.trim() === '') {
    throw new UsageError('--data-dir is empty: give a directory path (or leave the flag out for the default)');
  }
  return resolveDataDir(flag, ctx.env);
}

/** The directory URL from --ca (a preset or a URL); required where a CA must be named. */
export function caDirectory(ctx: CommandContext): string {
  const value = stringOption(ctx.values, 'ca') ?? ctx.env.PERSISTCERT_CA;
  if (!value) throw new UsageError('Say which CA with --ca <preset|directory URL> (e.g. --ca letsencrypt-staging)');
  try {
    return resolveCa(value).directoryUrl;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export async function readCaBundle(file: string | undefined): Promise<string | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read the CA bundle ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`${file} holds no PEM certificate; --ca-bundle needs PEM CA certificates`);
  return text;
}

/** A secret the user types or supplies: from a 0600 file, an environment variable, or a prompt. */
export async function secretInput(
  ctx: CommandContext,
  what: string,
  sources: { file?: string | undefined; envVar: string; confirm?: boolean },
): Promise<string> {
  if (sources.file) {
    const text = await readFile(sources.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read ${what} from ${sources.file}: ${err.code ?? err.message}`);
    });
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = ctx.env[sources.envVar];
  if (fromEnv) return fromEnv;
  if (ctx.prompt) {
    const first = await ctx.prompt(`${what}: `);
    if (sources.confirm && (await ctx.prompt(`${what} again: `)) !== first) throw new UsageError(`The two ${what}s differ`);
    return first;
  }
  throw new UsageError(`No ${what}: give it in a file (mode 0600), in $${sources.envVar}, or run in a terminal to be asked`);
}
