// Field rules the store shares with code that must not load zod (the summary check behind
// `persistcert list`): schema.ts builds its zod schemas from these.

/** A certificate's history is cut to its newest entries. */
export const HISTORY_LIMIT = 200;

/**
 * A moment as PersistCert writes it (ISO 8601, as Date#toISOString and RFC 3339 CA answers give).
 * Anything else is a damaged store, refused with the field named rather than shown as "NaN days".
 */
export const isTimestamp = (v: string): boolean => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
export const NOT_A_TIMESTAMP = 'is not a date and time (ISO 8601, e.g. 2027-01-31T12:00:00.000Z)';

export const CERTIFICATE_STATUSES = ['valid', 'revoked', 'replaced'] as const;
