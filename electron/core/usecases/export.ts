import os from 'node:os';
import path from 'node:path';
import { ExportError } from '../export/errors.ts';
import { exportPemFiles, type KeyFormat, type PemRole } from '../export/pem-files.ts';
import { exportPfxFile } from '../export/pfx-file.ts';
import { generatePfxPassword, type PfxCompatibility } from '../export/pkcs12.ts';
import type { Core } from './core.ts';

type ExportCore = Pick<Core, 'certificates' | 'store'>;

export interface PemExportRequest {
  /** Id or name (see CertificateService.find). */
  certificate: string;
  dir: string;
  keyFormat: KeyFormat;
  overwrite: boolean;
}

/** Writes cert.pem, chain.pem, fullchain.pem and privkey.pem, and notes the export in the certificate's history. */
export async function exportPem(
  core: ExportCore,
  input: PemExportRequest,
): Promise<{ files: { role: PemRole; path: string; mode: number }[] }> {
  const cert = core.certificates.find(input.certificate);
  const privateKey = await core.certificates.privateKey(cert);
  const result = await exportPemFiles(
    input.dir,
    { certificatePem: cert.chainPem, privateKey, keyFormat: input.keyFormat },
    { overwrite: input.overwrite },
  );
  await core.store.appendHistory(cert.id, { event: 'exported', detail: `PEM to ${input.dir}` });
  return { files: result.files };
}

export interface PfxExportRequest {
  certificate: string;
  path: string;
  compatibility: PfxCompatibility;
  /** None: one is generated and returned (it is stored nowhere). */
  password?: string | undefined;
  allowEmptyPassword: boolean;
  /** What Windows and Java show for the entry; the first name by default. */
  friendlyName?: string | undefined;
  overwrite: boolean;
}

/** Writes one PFX (PKCS#12) with the key and chain; a generated password is returned once. */
export async function exportPfx(
  core: ExportCore,
  input: PfxExportRequest,
): Promise<{ path: string; password: string | null; generated: boolean }> {
  const cert = core.certificates.find(input.certificate);
  const privateKey = await core.certificates.privateKey(cert);
  const generated = !input.allowEmptyPassword && input.password === undefined;
  const password = input.allowEmptyPassword ? '' : (input.password ?? generatePfxPassword());
  const result = await exportPfxFile(input.path, {
    privateKey,
    certificatePem: cert.chainPem,
    password,
    compatibility: input.compatibility,
    friendlyName: input.friendlyName ?? cert.names[0]!,
    allowEmptyPassword: input.allowEmptyPassword,
    overwrite: input.overwrite,
  });
  await core.store.appendHistory(cert.id, { event: 'exported', detail: `PFX (${input.compatibility}) to ${input.path}` });
  return { path: result.path, password: generated ? password : null, generated };
}

/**
 * A path typed in the UI: `~/` is the user's home; anything else must be absolute. A relative
 * path would land in whatever folder the app or the web host happened to start in. (The CLI
 * resolves relative paths against the shell's folder, as every command-line tool does.)
 */
export function uiPath(p: string): string {
  const trimmed = p.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  if (!path.isAbsolute(trimmed))
    throw new ExportError(
      `"${trimmed}" is not a full path: give the whole path, such as ${path.join(os.homedir(), 'PersistCert exports', 'example.com')} (or start it with ~/)`,
    );
  return path.normalize(trimmed);
}
