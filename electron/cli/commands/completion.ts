import { openServices } from '../../core/app/services.ts';
import { resolveDataDir } from '../../core/store/data-dir.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { completionScript, type Shell } from '../completion.ts';
import { GLOBAL_OPTIONS } from '../global-options.ts';
import { describeVerbs } from '../verbs.ts';

/** `persistcert completion bash|zsh|fish`: prints a completion script for that shell. */
export const completionCommand: Command = {
  usage: 'persistcert completion bash|zsh|fish   (bash: source <(persistcert completion bash))',
  options: {},
  async run(ctx) {
    const shell = ctx.positionals[0];
    if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish')
      throw new UsageError('Name the shell: persistcert completion bash, zsh or fish');
    ctx.stdout.write(completionScript(shell as Shell, await describeVerbs(), { options: GLOBAL_OPTIONS }));
    return EXIT.ok;
  },
};

/** Hidden: one candidate per line for the completion scripts; never unlocks a key, never fails loudly. */
export const completeCommand: Command = {
  usage: 'persistcert __complete certificates|names|accounts',
  options: {},
  async run(ctx) {
    const dataDir = resolveDataDir(stringOption(ctx.values, 'data-dir'), ctx.env);
    const core = await openServices({
      dataDir,
      keystore: 'file',
      lazyKeystore: true,
      passphrase: () => Promise.reject(new Error('not needed')),
      env: ctx.env,
    });
    const certs = core.certificates.list().filter((c) => c.status === 'valid');
    const out =
      ctx.positionals[0] === 'accounts'
        ? core.accounts.list().map((a) => a.id)
        : ctx.positionals[0] === 'names'
          ? certs.flatMap((c) => c.names)
          : certs.flatMap((c) => [c.id, c.names[0]!]);
    ctx.stdout.write([...new Set(out)].map((s) => `${s}\n`).join(''));
    return EXIT.ok;
  },
};
