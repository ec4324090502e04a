/**
 * When to renew a certificate and when to ask the CA again: RFC 9773 §4.2-4.3 (ARI) with the
 * lifetime rule as fallback. Pure, with the clock and the randomness passed in, so the tray app,
 * the daemon and `renew --all` all decide the same way and tests can pin time.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** RFC 9773 §4.3: Retry-After under a minute counts as a minute, over a day as a day. */
export const RETRY_AFTER_MIN_MS = MINUTE;
export const RETRY_AFTER_MAX_MS = DAY;
/** RFC 9773 §4.3: after a long-term error, ask again once six hours have passed. */
export const LONG_TERM_ERROR_RETRY_MS = 6 * HOUR;
/** Without ARI: renew once two thirds of the lifetime have passed. */
export const LIFETIME_FRACTION = 2 / 3;
/** Failed renewals back off 5 min, 10 min, 20 min … up to 6 h. */
export const BACKOFF_BASE_MS = 5 * MINUTE;
export const BACKOFF_CAP_MS = 6 * HOUR;

export interface AriState {
  windowStart: Date;
  windowEnd: Date;
  /** When the answer was fetched, and the Retry-After it came with (if any). */
  fetchedAt: Date;
  retryAfter?: Date;
  explanationURL?: string;
  /** The uniformly random moment picked inside this window, kept until the window changes. */
  chosen?: Date;
}

export interface ScheduleInput {
  notBefore: Date;
  notAfter: Date;
  ari?: AriState | undefined;
  /** The last renewalInfo failure, if the last fetch failed. */
  ariError?: { kind: 'temporary' | 'long-term'; at: Date; attempts: number } | undefined;
  /** Consecutive failed renewal attempts. */
  failures?: { count: number; lastAt: Date } | undefined;
  now: Date;
  /** A uniform random number in [0, 1). */
  random: () => number;
}

export interface Plan {
  /** When to attempt the renewal; at or before `now` means "now". */
  renewAt: Date;
  /** When to fetch renewalInfo again (undefined: the CA does not offer ARI, or no need). */
  refreshAriAt?: Date;
  /** The moment picked in the ARI window, to persist so a restart keeps it. */
  chosen?: Date;
  reason: string;
}

/** RFC 9773 §4.2 step 2: a uniform random time within the suggested window. */
export function pickInWindow(start: Date, end: Date, random: () => number): Date {
  return new Date(start.getTime() + Math.floor(random() * (end.getTime() - start.getTime())));
}

export function clampRetryAfter(fetchedAt: Date, retryAfter: Date | undefined): Date {
  const wait = retryAfter ? retryAfter.getTime() - fetchedAt.getTime() : RETRY_AFTER_MAX_MS;
  return new Date(fetchedAt.getTime() + Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, wait)));
}

/**
 * When to ask for renewal information again after a failed fetch: six hours after a long-term
 * error (RFC 9773 §4.3), sooner and growing (2, 4 … 60 min) after a temporary one.
 */
export function ariErrorRetryAt(e: { kind: 'temporary' | 'long-term'; at: Date; attempts: number }): Date {
  return e.kind === 'long-term'
    ? new Date(e.at.getTime() + LONG_TERM_ERROR_RETRY_MS)
    : new Date(e.at.getTime() + Math.min(HOUR, MINUTE * 2 ** Math.min(6, e.attempts)));
}

export function backoffDelay(failures: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

export function planRenewal(input: ScheduleInput): Plan {
  const { now } = input;
  const lifetimeRule = new Date(input.notBefore.getTime() + LIFETIME_FRACTION * (input.notAfter.getTime() - input.notBefore.getTime()));
  let plan: Plan;
  if (input.ari && input.ari.windowEnd > input.ari.windowStart) {
    const a = input.ari;
    const chosen =
      a.chosen && a.chosen >= a.windowStart && a.chosen <= a.windowEnd ? a.chosen : pickInWindow(a.windowStart, a.windowEnd, input.random);
    // The CA's window decides; the local lifetime rule never delays what the CA asked for.
    plan = {
      renewAt: chosen,
      chosen,
      refreshAriAt: clampRetryAfter(a.fetchedAt, a.retryAfter),
      reason: chosen <= now ? "the CA's renewal window has started" : "a random moment in the CA's renewal window",
    };
    if (a.explanationURL) plan.reason += ` (the CA explains: ${a.explanationURL})`;
  } else {
    plan = { renewAt: lifetimeRule, reason: 'two thirds of the lifetime (the CA gives no renewal window)' };
    if (input.ariError) plan.refreshAriAt = ariErrorRetryAt(input.ariError);
  }
  if (input.failures && input.failures.count > 0) {
    const retry = new Date(input.failures.lastAt.getTime() + backoffDelay(input.failures.count));
    if (retry > plan.renewAt) {
      plan = { ...plan, renewAt: retry, reason: `retrying after ${input.failures.count} failed attempt(s)` };
    }
  }
  return plan;
}

/** Warnings raised early: persistUntil within 30 days, expiry within 7 days. */
export function earlyWarnings(input: { notAfter: Date; persistUntil?: Date | undefined; now: Date }): string[] {
  const out: string[] = [];
  const days = (d: Date) => Math.floor((d.getTime() - input.now.getTime()) / DAY);
  if (input.persistUntil && days(input.persistUntil) <= 30) {
    out.push(
      `The DNS record stops authorizing renewals on ${input.persistUntil.toISOString().slice(0, 10)} (persistUntil); publish it again with a later date`,
    );
  }
  if (days(input.notAfter) <= 7) out.push(`The certificate expires on ${input.notAfter.toISOString().slice(0, 10)}`);
  return out;
}
