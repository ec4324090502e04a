/**
 * The file half of a deploy: each export target written in turn, replacing last renewal's files
 * (each write is atomic, so a server reading meanwhile sees the old file or the new one).
 */
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { exportPemFiles } from '../export/pem-files.ts';
import { exportPfxFile } from '../export/pfx-file.ts';
import type { ExportTarget } from '../store/schema.ts';

export interface DeployFileInput {
  names: string[];
  /** Leaf first, then chain. */
  chainPem: string;
  privateKey: KeyObject;
}

export interface WrittenFile {
  role: string;
  path: string;
  mode: number;
}

export interface DeployFilesResult {
  /** Everything written, in target order (also when a later target failed). */
  files: WrittenFile[];
  /** The first target that failed; later targets were not attempted. */
  error?: { message: string };
}

/**
 * Writes the targets in order and stops at the first failure, so the caller can tell exactly
 * what is on disk. Never throws: every failure becomes `error`, with the export layer's message,
 * which already says what to change.
 */
export async function writeDeployTargets(
  input: DeployFileInput,
  targets: readonly ExportTarget[],
  pfxPassword: (passwordRef: string) => Promise<string>,
): Promise<DeployFilesResult> {
  const files: WrittenFile[] = [];
  for (const target of targets) {
    try {
      files.push(...(await writeTarget(input, target, pfxPassword)));
    } catch (err) {
      return { files, error: { message: `${describeTarget(target)}: ${errorText(err)}` } };
    }
  }
  return { files };
}

async function writeTarget(
  input: DeployFileInput,
  target: ExportTarget,
  pfxPassword: (passwordRef: string) => Promise<string>,
): Promise<WrittenFile[]> {
  if (target.kind === 'pem') {
    const { files } = await exportPemFiles(
      target.dir,
      { certificatePem: input.chainPem, privateKey: input.privateKey, keyFormat: target.keyFormat },
      { overwrite: true },
    );
    return files;
  }
  let password = '';
  if (target.passwordRef !== undefined) {
    try {
      password = await pfxPassword(target.passwordRef);
    } catch (err) {
      // The caller's message says what to do (unlock the keystore, set the password again).
      throw new Error(`its password could not be read from the keystore: ${errorText(err)}`, { cause: err });
    }
  }
  const written = await exportPfxFile(target.path, {
    privateKey: input.privateKey,
    certificatePem: input.chainPem,
    password,
    ...(input.names[0] ? { friendlyName: input.names[0] } : {}),
    compatibility: target.compatibility,
    // Only a target saved without a password means "empty password"; a stored one that reads
    // back empty is a keystore problem, which buildPfx then reports.
    allowEmptyPassword: target.passwordRef === undefined,
    overwrite: true,
  });
  return [{ role: 'pfx', path: written.path, mode: 0o600 }];
}

function describeTarget(target: ExportTarget): string {
  return target.kind === 'pem'
    ? `Writing the PEM files in ${path.resolve(target.dir)} failed`
    : `Writing the PFX file ${path.resolve(target.path)} failed`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
