import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Command } from './command.ts';
import { startCommand } from './commands/start.ts';
import { AcmeError } from '../core/acme/errors.ts';

const VERSION = '0.1.0';

/** Every verb, in the order `--help` lists them. */
const COMMANDS: Command[] = [startCommand];

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
    'Options:',
    '  -h, --help     show help (also: persistcert <command> --help)',
    '  -V, --version  show the version',
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

function commandHelp(cmd: Command): string {
  const lines = [`${cmd.summary}`, '', `Usage: ${cmd.usage}`];
  const opts = Object.entries(cmd.options);
  if (opts.length) {
    lines.push('', 'Options:');
    for (const [name, o] of opts) lines.push(`  ${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <value>' : ''}`);
  }
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
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
    parseArgs({ args: rest, options: cmd.options, strict: true, allowPositionals: true });
    return await cmd.run({ args: rest, ...io });
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`persistcert ${cmd.name}: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof AcmeError) {
      io.stderr.write(`persistcert ${cmd.name}: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}
