/**
 * Retry-After (RFC 9110 §10.2.3) as ACME uses it: polling (RFC 8555 §7.5.1), rate limits and
 * unavailability (§6.6), and ARI (RFC 9773 §4.3). Either delay-seconds or an HTTP-date.
 */
export function parseRetryAfter(value: string | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return new Date(now.getTime() + Number(v) * 1000);
  // Only accept what looks like an HTTP-date; Date.parse accepts far too much.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Milliseconds from now until `when`, clamped to [minMs, maxMs]. */
export function clampDelay(when: Date | undefined, now: Date, minMs: number, maxMs: number, fallbackMs: number): number {
  const raw = when ? when.getTime() - now.getTime() : fallbackMs;
  return Math.min(maxMs, Math.max(minMs, raw));
}
