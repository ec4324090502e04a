// Runs the CLI in-process, exactly as the bin does, capturing what it prints.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../electron/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * The encrypted file keystore, with its passphrase in a 0600 file beside the data dir. For tests
 * that kill -9 CLI processes: a process killed while it opens a Secret Service session can crash
 * gnome-keyring-daemon (seen: GLib-ERROR in aes_negotiate), and the suite's other files share that
 * keyring. Those tests are about the store and renewal, not the keychain.
 */
export function fileKeystoreFlags(dataDir: string): string[] {
  const file = path.join(path.dirname(dataDir), 'passphrase.txt');
  writeFileSync(file, 'a test passphrase, long enough\n', { mode: 0o600 });
  return ['--keystore', 'file', '--passphrase-file', file];
}
