import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Command, type CommandContext } from './command.ts';
import { GLOBAL_HELP, GLOBAL_OPTIONS } from './global-options.ts';
import { exitCodeFor } from './errors.ts';
import { accountCommand } from './commands/account.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { exportCommand } from './commands/export.ts';
import { startCommand } from './commands/start.ts';
import { serveCommand } from './commands/serve.ts';
import { recordCommand } from './commands/record.ts';
import { checkCommand } from './commands/check.ts';
import { issueCommand } from './commands/issue.ts';
import { listCommand } from './commands/list.ts';
import { revokeCommand } from './commands/revoke.ts';
import { renewCommand } from './commands/renew.ts';
import { daemonCommand } from './commands/daemon.ts';
import { configureCommand } from './commands/configure.ts';
import { deployCommand } from './commands/deploy.ts';

const VERSION = '0.1.0';

/** Every verb, in the order `--help` lists them. */
const COMMANDS: Command[] = [
  accountCommand,
  recordCommand,
  checkCommand,
  issueCommand,
  listCommand,
  exportCommand,
  renewCommand,
  configureCommand,
  deployCommand,
  daemonCommand,
  revokeCommand,
  backupCommand,
  restoreCommand,
  serveCommand,
  startCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `persistcert ${VERSION}: TLS certificates with ACME dns-persist-01`,
    '',
    'Usage: persistcert <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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

function commandHelp(cmd: Command): string {
  return [cmd.summary, '', `Usage: ${cmd.usage}`, '', 'Options:', ...optionLines(cmd.options, cmd.help), '', 'Global options:', ...optionLines(GLOBAL_OPTIONS, GLOBAL_HELP), ''].join('\n');
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  prompt?: CommandContext['prompt'];
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '-h' || verb === '--help' || verb === 'help') {
    io.stdout.write(help());
    return EXIT.ok;
  }
  if (verb === '-V' || verb === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const cmd = COMMANDS.find((c) => c.name === verb);
  if (!cmd) {
    io.stderr.write(`persistcert: unknown command "${verb}". Run "persistcert --help" for the list.\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(cmd));
    return EXIT.ok;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...cmd.options }, strict: true, allowPositionals: true });
    return await cmd.run({ values, positionals, ...io });
  } catch (err) {
    const code = exitCodeFor(err);
    if (code === undefined) throw err;
    // node's parseArgs appends advice about positionals that only confuses; keep its first sentence.
    const message = (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? (err as Error).message.split('. ')[0]! : (err as Error).message;
    io.stderr.write(`persistcert ${cmd.name}: ${message}\n`);
    if (err instanceof UsageError && !/--help/.test((err as Error).message)) io.stderr.write(`(see "persistcert ${cmd.name} --help")\n`);
    return code;
  }
}
