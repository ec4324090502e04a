import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';
import { renewalWindowStart } from './timeline-geometry.ts';

const WEEK = 7 * 86_400_000;

/** Beyond this many certificates one bar each is unreadable: the timeline counts per week instead. */
export const TIMELINE_ROW_LIMIT = 40;

export interface WeekBucket {
  /** Monday 00:00 UTC. */
  start: number;
  expiring: number;
  renewing: number;
}

function mondayOf(t: number): number {
  const d = new Date(t);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000;
}

/**
 * Valid certificates per week from this week on: how many expire, and how many are planned to
 * renew (the scheduler's moment, else the last third of the lifetime), so a fleet's busy weeks show.
 */
export function weeklyBuckets(
  certificates: readonly CertificateView[],
  renewals: ReadonlyMap<string, RenewalView>,
  now: number,
): WeekBucket[] {
  const valid = certificates.filter((c) => c.status === 'valid');
  const first = mondayOf(now);
  const lastEnd = Math.max(now, ...valid.map((c) => Date.parse(c.notAfter)));
  const buckets: WeekBucket[] = [];
  for (let start = first; start <= lastEnd; start += WEEK) buckets.push({ start, expiring: 0, renewing: 0 });
  const at = (t: number) => buckets[Math.min(buckets.length - 1, Math.max(0, Math.floor((t - first) / WEEK)))]!;
  for (const c of valid) {
    at(Date.parse(c.notAfter)).expiring++;
    const planned = renewals.get(c.id)?.renewAt;
    at(planned ? Date.parse(planned) : renewalWindowStart(c.notBefore, c.notAfter)).renewing++;
  }
  return buckets;
}
