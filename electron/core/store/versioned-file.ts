import { readFile } from '../fs/fs-promised.ts';
import type { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/** A data file that cannot be used as it is. The message names the file and what to do. */
export class StoreError extends UserError {
  override name = 'StoreError';
  readonly apiCode: ApiErrorCode = 'storage';
  constructor(
    message: string,
    readonly file: string,
    readonly code: 'corrupt' | 'too-new' | 'io',
    options?: { cause?: unknown },
  ) {
    super(message, options ?? {});
  }
}

export interface VersionedFormat<T> {
  /** The `format` field every file carries, so a wrong file is recognised at once. */
  format: string;
  version: number;
  schema: z.ZodType<T>;
  /** migrations[n] turns a version-n document into version n+1. */
  migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>;
}

/**
 * Reads a versioned JSON file: checks the format tag, migrates older versions forward,
 * validates the result. Returns undefined when the file does not exist. A file that is not
 * valid is reported with its path and is never overwritten here.
 */
export async function readVersionedFile<T>(file: string, fmt: VersionedFormat<T>): Promise<{ doc: T; migratedFrom?: number } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`Cannot read ${file}: ${(err as Error).message}`, file, 'io', { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StoreError(
      `${file} is not valid JSON (${(err as Error).message}). It was left untouched; restore it from a backup or fix the edit`,
      file,
      'corrupt',
    );
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== fmt.format) {
    throw new StoreError(
      `${file} is not a ${fmt.format} file (its "format" field is missing or different). It was left untouched`,
      file,
      'corrupt',
    );
  }
  let doc = json as Record<string, unknown>;
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StoreError(`${file} has no valid "version" field. It was left untouched`, file, 'corrupt');
  }
  if (version > fmt.version) {
    throw new StoreError(
      `${file} was written by a newer PersistCert (format version ${version}; this one reads up to ${fmt.version}). Update PersistCert`,
      file,
      'too-new',
    );
  }
  for (let v = version; v < fmt.version; v++) {
    const migrate = fmt.migrations[v];
    if (!migrate) throw new StoreError(`No migration from version ${v} of ${fmt.format}`, file, 'corrupt');
    doc = { ...migrate(doc), version: v + 1 };
  }
  const parsed = fmt.schema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the document';
    throw new StoreError(
      `${file} does not have the expected content: ${where} ${issue?.message ?? 'is invalid'}. It was left untouched`,
      file,
      'corrupt',
    );
  }
  return { doc: parsed.data, ...(version !== fmt.version ? { migratedFrom: version } : {}) };
}

export async function writeVersionedFile<T>(file: string, fmt: VersionedFormat<T>, doc: T, mode = 0o600): Promise<void> {
  const body = JSON.stringify({ ...(doc as object), format: fmt.format, version: fmt.version }, null, 2) + '\n';
  await writeFileAtomic(file, body, { mode });
}
