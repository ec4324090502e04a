import { access } from '../fs/fs-promised.ts';
import path from 'node:path';
import type { CliConfig } from './settings.ts';

/**
 * The CLI's remembered options, read before every command. Most data dirs have no settings file
 * (nobody ran `config set` or saved the app's settings); then nothing is loaded at all: the reader
 * and its schema (zod) come in only for a file there is to validate. Measured: this keeps zod out of
 * `list` and `--help`-like runs (see docs/decisions/0009).
 */
export async function loadCliConfig(dataDir: string): Promise<CliConfig & { resolvers: string[] }> {
  try {
    await access(path.join(dataDir, 'settings.json'));
  } catch {
    return { resolvers: [] };
  }
  return (await import('./settings.ts')).loadCliConfig(dataDir);
}
