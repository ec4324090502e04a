// The real openssl CLI as an independent oracle for the crypto tests, plus a throwaway directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, for DER output. */
  bytes: Buffer;
}

/** Runs `openssl ...args` synchronously; never throws for a non-zero exit (tests assert on it). */
export function openssl(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): OpensslResult {
  const r = spawnSync('openssl', args, { cwd: options.cwd, input: options.input, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), bytes: r.stdout };
}

/** Like `openssl`, but throws with openssl's own output if it fails (for setup steps). */
export function opensslOk(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): OpensslResult {
  const r = openssl(args, options);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = 'persistcert-crypto-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
