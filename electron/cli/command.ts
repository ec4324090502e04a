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

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Where a verb prints: fd-output.ts's writers in the CLI, any writable stream in tests. */
export interface CliOutput {
  write(chunk: string | Uint8Array): boolean;
  /** A terminal: progress draws its live line only there. */
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  /** False once nobody reads any more (a closed pipe): `logs --follow` stops then. */
  readonly writable?: boolean;
}

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  stdout: CliOutput;
  stderr: CliOutput;
  env: NodeJS.ProcessEnv;
  /** Interactive hidden-input prompt, when stdin is a terminal. */
  prompt?: ((question: string) => Promise<string>) | undefined;
}

/** What one verb does: its options and its code. Its name and summary are in verbs.ts. */
export interface Command {
  usage: string;
  /** Options besides the global ones, with one-line help each. */
  options: OptionSpec;
  help?: Record<string, string>;
  run(ctx: CommandContext): Promise<number>;
}

/** An error whose message is meant for the user as is; the CLI prints it without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}
