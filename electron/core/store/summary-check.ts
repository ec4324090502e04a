import { CERTIFICATE_STATUSES, isTimestamp, NOT_A_TIMESTAMP } from './fields.ts';
import type { CertificateSummary } from './schema.ts';
import { StoreError } from './versioned-file.ts';

/**
 * A certificate summary read by a query (list): validated like a row, field by field, by the
 * rules certificateRecordSchema gives these fields (fields.ts). Checked by hand, without zod:
 * this runs once per certificate on every `list` (zod took 140 ms, plus 120 ms building its
 * parser, at 10,000), and `list` then loads no zod schema (store-rows.ts loads on first use).
 */
export function parseSummary(file: string, summary: Record<string, unknown>): CertificateSummary {
  const problem = summaryProblem(summary);
  if (problem) {
    throw new StoreError(
      `${file}: certificates row ${String(summary.id)}.${problem[0]} ${problem[1]}. It was left untouched; restore a backup`,
      file,
      'corrupt',
    );
  }
  return summary as CertificateSummary;
}

const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;

function summaryProblem(s: Record<string, unknown>): [field: string, problem: string] | undefined {
  if (!nonEmpty(s.id)) return ['id', 'is not a non-empty string'];
  if (!nonEmpty(s.accountId)) return ['accountId', 'is not a non-empty string'];
  if (!Array.isArray(s.names) || s.names.length === 0) return ['names', 'is not a list of at least one name'];
  const bad = s.names.findIndex((n) => typeof n !== 'string');
  if (bad >= 0) return [`names.${bad}`, 'is not a string'];
  if (!(CERTIFICATE_STATUSES as readonly unknown[]).includes(s.status))
    return ['status', `is not one of ${CERTIFICATE_STATUSES.join(', ')}`];
  for (const field of ['notBefore', 'notAfter'] as const) {
    const v = s[field];
    if (typeof v !== 'string' || !isTimestamp(v)) return [field, NOT_A_TIMESTAMP];
  }
  if (typeof s.serialHex !== 'string') return ['serialHex', 'is not a string'];
  if (s.directoryUrl !== undefined && typeof s.directoryUrl !== 'string') return ['directoryUrl', 'is not a string'];
  return undefined;
}
