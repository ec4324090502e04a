import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Command, type CommandContext } from './command.ts';
import { GLOBAL_HELP, GLOBAL_OPTIONS } from './global-options.ts';
import { closest, splitVerb } from './argv.ts';
import { VERBS, type Verb } from './verbs.ts';
import { VERSION } from './version.ts';

const LISTED = VERBS.filter((v) => !v.hidden);

function help(): string {
  const width = Math.max(...LISTED.map((c) => c.name.length));
  return [
    `persistcert ${VERSION}: TLS certificates with ACME dns-persist-01`,
    '',
    'Usage: persistcert [global options] <command> [options]',
    '',
    'Commands:',
    ...LISTED.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS, GLOBAL_HELP),
    '  -h, --help               show help (also: persistcert <command> --help)',
    '  -V, --version            show the version',
    '',
    'Exit codes:',
    `  ${EXIT.ok}  success`,
    `  ${EXIT.notReady}  not ready yet (for example a record not visible on every server)`,
    `  ${EXIT.usage}  bad input: the message says what to fix`,
    `  ${EXIT.failed}  the CA or DNS refused or failed`,
    `  ${EXIT.local}  a local problem (keychain, data directory, permissions)`,
    '',
  ].join('\n');
}

function optionLines(options: Command['options'], help: Record<string, string> = {}): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}`;
    return `  ${flag.padEnd(23)}  ${help[name] ?? ''}`.trimEnd();
  });
}

function commandHelp(verb: Verb, cmd: Command): string {
  return [
    verb.summary,
    '',
    `Usage: ${cmd.usage}`,
    '',
    'Options:',
    ...optionLines(cmd.options, cmd.help),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS, GLOBAL_HELP),
    '',
  ].join('\n');
}

export interface CliIo {
  stdout: CommandContext['stdout'];
  stderr: CommandContext['stderr'];
  env: NodeJS.ProcessEnv;
  /** May be a getter: the CLI learns whether it can ask (stdin a terminal) only when a verb asks. */
  readonly prompt?: CommandContext['prompt'];
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const { verb, rest, unknownOption } = splitVerb(argv, GLOBAL_OPTIONS);
  if (unknownOption !== undefined) {
    const guess = closest(unknownOption, Object.keys(GLOBAL_OPTIONS));
    io.stderr.write(
      `persistcert: unknown option --${unknownOption}${guess ? `; did you mean --${guess}?` : ''} (before the command, only global options may stand; see "persistcert --help")\n`,
    );
    return EXIT.usage;
  }
  if (verb === undefined || verb === 'help') {
    if (rest.includes('-V') || rest.includes('--version')) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (verb === undefined && rest.length > 0 && !rest.includes('-h') && !rest.includes('--help')) {
      io.stderr.write('persistcert: options but no command. Run "persistcert --help" for the list.\n');
      return EXIT.usage;
    }
    io.stdout.write(help());
    return EXIT.ok;
  }
  const entry = VERBS.find((c) => c.name === verb);
  if (!entry) {
    const guess = closest(
      verb,
      LISTED.map((c) => c.name),
    );
    io.stderr.write(
      `persistcert: unknown command "${verb}"${guess ? '' : '.'}${guess ? `; did you mean "${guess}"?` : ''} Run "persistcert --help" for the list.\n`,
    );
    return EXIT.usage;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(entry, cmd));
    return EXIT.ok;
  }
  try {
    const options = { ...GLOBAL_OPTIONS, ...cmd.options };
    const { values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
    // Global options the user did not type come from the environment or the saved config.
    const filled = entry.name === 'config' ? values : await (await import('./settings-sources.ts')).withSettings(values, io.env);
    const { stdout, stderr, env } = io;
    return await cmd.run({
      values: filled,
      positionals,
      stdout,
      stderr,
      env,
      get prompt() {
        return io.prompt;
      },
    });
  } catch (err) {
    // The error table imports every error class of the core: loaded only when something failed.
    const errors = await import('./errors.ts');
    const code = errors.exitCodeFor(err);
    if (code === undefined) throw err;
    io.stderr.write(
      `persistcert ${entry.name}: ${messageFor(err as NodeJS.ErrnoException, Object.keys({ ...GLOBAL_OPTIONS, ...cmd.options }))}\n`,
    );
    const hint = errors.cliHintFor(err);
    if (hint) io.stderr.write(`(${hint})\n`);
    if (err instanceof UsageError && !/--help/.test((err as Error).message)) io.stderr.write(`(see "persistcert ${entry.name} --help")\n`);
    return code;
  }
}

/** node's parseArgs appends advice about positionals that only confuses; keep its first sentence, and suggest a known option. */
function messageFor(err: NodeJS.ErrnoException, known: string[]): string {
  if (!err.code?.startsWith('ERR_PARSE_ARGS')) return err.message;
  const first = err.message.split('. ')[0]!;
  const unknown = /Unknown option '--?([^']+)'/.exec(err.message)?.[1];
  const guess = unknown === undefined ? undefined : closest(unknown, known);
  return guess ? `${first}; did you mean --${guess}?` : first;
}
