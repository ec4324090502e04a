/**
 * PEM export in the layout web servers and certbot users expect: cert.pem (leaf), chain.pem
 * (intermediates), fullchain.pem (leaf + intermediates, what nginx and most servers want) and
 * privkey.pem (0600). Everything is checked before the first byte is written, every file is
 * written atomically, and existing files are only replaced when asked.
 */
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { certificateMatchesKey, parseCertificate, splitPemChain } from '../crypto/certificate.ts';
import { exportPrivateKeyPem } from '../crypto/keys.ts';
import { stageFile, type StagedFile } from '../fs/atomic-write.ts';
import { ExportError } from './errors.ts';
import { ensureExportDir, exportFsError, refuseExisting } from './export-target.ts';

/**
 * Private key PEM: `pkcs8` "PRIVATE KEY" (RFC 5958, any key; the default), `sec1`
 * "EC PRIVATE KEY" (RFC 5915, EC only) or `pkcs1` "RSA PRIVATE KEY" (RFC 8017, RSA only) for
 * software that predates PKCS#8.
 */
export type KeyFormat = 'pkcs8' | 'sec1' | 'pkcs1';

export interface PemExportInput {
  /** Leaf first, then the chain (RFC 8555 §7.4.2 order). */
  certificatePem: string;
  privateKey: KeyObject;
  /** Default pkcs8; sec1 only for EC, pkcs1 only for RSA. */
  keyFormat?: KeyFormat;
}

export type PemRole = 'cert' | 'chain' | 'fullchain' | 'key';

export interface PemExportResult {
  /** What was written, absolute paths. chain.pem is left out when there are no intermediates. */
  files: { role: PemRole; path: string; mode: number }[];
}

export interface PemExportOptions {
  /** Prefix for the file names: `<baseName>-cert.pem`, … (e.g. the certificate's main name). */
  baseName?: string;
  /** Replace existing files (default false: refuse and list them). */
  overwrite?: boolean;
}

const FILE_NAMES: Record<PemRole, string> = { cert: 'cert.pem', chain: 'chain.pem', fullchain: 'fullchain.pem', key: 'privkey.pem' };

function fileName(role: PemRole, baseName: string | undefined): string {
  if (baseName === undefined) return FILE_NAMES[role];
  if (baseName === '' || baseName === '.' || baseName === '..' || /[/\\\0]/.test(baseName)) {
    throw new ExportError(
      `"${baseName}" cannot be used as a file name prefix; use a plain name without slashes, e.g. the certificate's domain`,
    );
  }
  return `${baseName}-${FILE_NAMES[role]}`;
}

/**
 * Writes the PEM files into `dir` (created 0700 if missing). Certificates are 0644 (public);
 * the key is 0600. All files are staged first and then renamed into place one after another, so
 * a server reloading mid-export almost never sees a new certificate with an old key.
 * Throws `ExportError`/`KeyError`/`CertificateError` for a key that does not fit the
 * certificate or format, existing files without `overwrite`, or a folder that cannot be written.
 */
export async function exportPemFiles(dir: string, input: PemExportInput, options: PemExportOptions = {}): Promise<PemExportResult> {
  const certs = splitPemChain(input.certificatePem);
  for (const pem of certs) parseCertificate(pem); // unreadable certificates fail here, with a reason
  const [leaf, ...intermediates] = certs as [string, ...string[]];
  if (!certificateMatchesKey(leaf, input.privateKey)) {
    const names = parseCertificate(leaf).dnsNames;
    throw new ExportError(
      `The private key does not belong to the certificate${names.length ? ` for ${names[0]}` : ''}; export the key that was used to request it`,
    );
  }
  const keyPem = exportPrivateKeyPem(input.privateKey, input.keyFormat ?? 'pkcs8');

  const planned: { role: PemRole; data: string; mode: number }[] = [
    { role: 'cert', data: leaf, mode: 0o644 },
    ...(intermediates.length ? [{ role: 'chain' as const, data: intermediates.join(''), mode: 0o644 }] : []),
    { role: 'fullchain', data: certs.join(''), mode: 0o644 },
    { role: 'key', data: keyPem, mode: 0o600 },
  ];
  const absDir = path.resolve(dir);
  const files = planned.map((p) => ({ ...p, path: path.join(absDir, fileName(p.role, options.baseName)) }));
  const overwrite = options.overwrite === true;

  await ensureExportDir(absDir);
  await refuseExisting(
    files.map((f) => f.path),
    overwrite,
  );

  const staged: StagedFile[] = [];
  let current = absDir;
  try {
    for (const f of files) {
      current = f.path;
      staged.push(await stageFile(f.path, f.data, { mode: f.mode, overwrite }));
    }
    for (const s of staged) {
      current = s.target;
      await s.commit();
    }
  } catch (err) {
    await Promise.all(staged.map((s) => s.discard()));
    throw exportFsError(err as NodeJS.ErrnoException, current);
  }
  return { files: files.map(({ role, path: p, mode }) => ({ role, path: p, mode })) };
}
