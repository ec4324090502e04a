import { z } from '../../../shared/zod.ts';
import { openWithPassphrase, sealedBoxSchema, sealWithPassphrase } from '../keystore/secret-box.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/** A backup file whose `box` is readable and whose sealed JSON is validated after opening. */
export class BackupFormatError extends UserError {
  override name = 'BackupFormatError';
  readonly apiCode: ApiErrorCode = 'bad-request';
}

const envelopeSchema = z.object({
  format: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  box: sealedBoxSchema,
});

/**
 * A passphrase-sealed JSON payload in a self-describing envelope. The format name and version are
 * bound into the AES-GCM tag (as associated data), so an envelope cannot be relabelled.
 */
export async function sealBundle(format: string, version: number, payload: unknown, passphrase: string, now: Date): Promise<string> {
  const plaintext = Buffer.from(JSON.stringify(payload), 'utf8');
  try {
    const box = await sealWithPassphrase(plaintext, passphrase, { aad: `${format}/${version}` });
    return JSON.stringify({ format, version, createdAt: now.toISOString(), box }, null, 2) + '\n';
  } finally {
    plaintext.fill(0);
  }
}

export async function openBundle<T>(
  text: string,
  format: string,
  version: number,
  schema: z.ZodType<T>,
  passphrase: string,
  what: string,
): Promise<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupFormatError(`This is not a PersistCert ${what}: it is not JSON`);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.format !== format) {
    throw new BackupFormatError(`This is not a PersistCert ${what} (expected format "${format}")`);
  }
  if (envelope.data.version > version) {
    throw new BackupFormatError(
      `This ${what} was made by a newer PersistCert (version ${envelope.data.version}); update PersistCert to restore it`,
    );
  }
  const plaintext = await openWithPassphrase(envelope.data.box, passphrase, { aad: `${format}/${envelope.data.version}` });
  try {
    const parsed = schema.safeParse(JSON.parse(plaintext.toString('utf8')));
    if (!parsed.success) throw new BackupFormatError(`The ${what} opened, but its content is not what PersistCert expects`);
    return parsed.data;
  } finally {
    plaintext.fill(0);
  }
}
