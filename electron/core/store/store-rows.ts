import type { z } from 'zod';
import { accountRecordSchema, certificateRecordSchema, profileRecordSchema } from './schema.ts';
import { StoreError } from './versioned-file.ts';

/** The three kinds of record, each one table whose rows hold the record as JSON in `doc`. */
export const RECORD_KINDS = {
  accounts: accountRecordSchema,
  profiles: profileRecordSchema,
  certificates: certificateRecordSchema,
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/**
 * A row's JSON, validated as it comes off the disk (a trust boundary: anything may have edited
 * the file). A bad row is reported with the file, the table, the id and the field. `kept` fills in
 * fields kept in columns of their own.
 */
export function parseRow<K extends RecordKind>(
  file: string,
  kind: K,
  id: string,
  doc: string,
  kept: Record<string, unknown> = {},
): z.infer<(typeof RECORD_KINDS)[K]> {
  let json: unknown;
  try {
    json = { ...(JSON.parse(doc) as object), ...kept };
  } catch (error) {
    throw new StoreError(
      `${file}: ${kind} row ${id} is not valid JSON (${(error as Error).message}). It was left untouched; restore a backup`,
      file,
      'corrupt',
    );
  }
  const parsed = RECORD_KINDS[kind].safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `.${issue.path.join('.')}` : '';
    throw new StoreError(
      `${file}: ${kind} row ${id}${where} ${issue?.message ?? 'is invalid'}. It was left untouched; restore a backup`,
      file,
      'corrupt',
    );
  }
  if ((parsed.data as { id: string }).id !== id) {
    throw new StoreError(
      `${file}: ${kind} row ${id} holds the record ${(parsed.data as { id: string }).id}. It was left untouched; restore a backup`,
      file,
      'corrupt',
    );
  }
  return parsed.data as z.infer<(typeof RECORD_KINDS)[K]>;
}

/** A record about to be written: validated (with defaults filled in) so a bad one is never stored. */
export function checkRecord<K extends RecordKind>(kind: K, record: unknown): z.infer<(typeof RECORD_KINDS)[K]> {
  const parsed = RECORD_KINDS[kind].safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Refusing to store an invalid ${kind.slice(0, -1)}: ${issue?.path.join('.') || 'record'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return parsed.data as z.infer<(typeof RECORD_KINDS)[K]>;
}
