import type { ParseArgsConfig } from 'node:util';

/** Exit codes every verb shares (documented in `persistcert --help`). */
export const EXIT = {
  ok: 0,
  /** The work ran and the answer is "no" (e.g. a record not yet visible everywhere). */
  notReady: 1,
  /** Bad input: fix the command line, a file or a value. */
  usage: 2,
  /** The CA or DNS refused or failed; the message says what to fix. */
  failed: 3,
  /** A local problem: keychain, data directory, permissions. */
  local: 4,
} as const;

export interface CommandContext {
  args: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** One verb of the CLI. Each lives in its own file under commands/. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<number>;
}

/** An error whose message is meant for the user as is; the CLI prints it without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
