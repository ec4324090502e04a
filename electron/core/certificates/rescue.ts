import { readFile } from '../fs/fs-promised.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from '../../../shared/zod.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { certificateRecordSchema, type CertificateRecord } from '../store/schema.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/**
 * A certificate the CA issued must not be lost because the disk filled up between the download
 * and the store write: the CA will not issue it again for free (rate limits), and its key exists
 * only in this process. The record, whose key is already sealed with the data key (no plaintext
 * secret), is written to a rescue file instead, and `persistcert recover <file>` adds it later.
 */

const RESCUE_FORMAT = 'persistcert-rescued-certificate';

const rescueFileSchema = z.object({
  format: z.literal(RESCUE_FORMAT),
  version: z.literal(1),
  dataDir: z.string(),
  certificate: certificateRecordSchema,
});

/** Errors that mean "no room to write", which a retry after freeing space fixes. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

export class CertificateNotSavedError extends UserError {
  override readonly name = 'CertificateNotSavedError';
  readonly apiCode: ApiErrorCode = 'storage';
  constructor(
    message: string,
    readonly rescueFile: string | undefined,
  ) {
    super(message);
  }
}

export class RescueFileError extends UserError {
  override readonly name = 'RescueFileError';
  readonly apiCode: ApiErrorCode = 'bad-request';
}

/** Retries a write that failed for lack of space: something may free space meanwhile (logs rotate). */
export async function retryWhileDiskFull<T>(write: () => Promise<T>, delaysMs: readonly number[] = [1_000, 3_000]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isDiskFull(err) || attempt >= delaysMs.length) throw err;
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}

/**
 * Writes the rescue file into the data dir, or, when that is full too, into the temp folder (often
 * another filesystem), and returns the error to report: where the certificate is and how to add it.
 */
export async function rescueCertificate(
  record: CertificateRecord,
  dataDir: string,
  cause: NodeJS.ErrnoException,
): Promise<CertificateNotSavedError> {
  const body = JSON.stringify({ format: RESCUE_FORMAT, version: 1, dataDir, certificate: record }, null, 2) + '\n';
  const name = `persistcert-rescued-${record.id}.json`;
  const what = `The CA issued the certificate for ${record.names.join(', ')} (serial ${record.serialHex}), but it could not be saved in ${dataDir}: ${cause.code === 'EFBIG' ? 'the file size limit was reached' : 'the disk is full'} (${cause.code})`;
  for (const dir of [dataDir, tmpdir()]) {
    const file = path.join(dir, name);
    try {
      await writeFileAtomic(file, body, { mode: 0o600, overwrite: false });
      return new CertificateNotSavedError(
        `${what}. It is kept in ${file} (its key sealed with this data dir's key, nothing in plaintext). Free some space, then run: persistcert recover ${file}`,
        file,
      );
    } catch {
      // try the next place
    }
  }
  return new CertificateNotSavedError(
    `${what}, nor anywhere else. Free some space; the CA still has the certificate${record.orderUrl ? ` (order ${record.orderUrl})` : ''}, but its private key was only in memory, so issue it again`,
    undefined,
  );
}

/** Reads and validates a rescue file written by rescueCertificate. */
export async function readRescueFile(file: string): Promise<{ dataDir: string; certificate: CertificateRecord }> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new RescueFileError(`Cannot read ${file}: ${err.code ?? err.message}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RescueFileError(`${file} is not a rescued certificate (not JSON)`);
  }
  const parsed = rescueFileSchema.safeParse(json);
  if (!parsed.success)
    throw new RescueFileError(
      `${file} is not a rescued certificate PersistCert wrote (${parsed.error.issues[0]?.path.join('.') || 'format'}: ${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}
