import type { CertificateView, RenewalView } from '../../../../shared/api/views.ts';

const DAY = 86_400_000;

export interface TimelineRow {
  id: string;
  label: string;
  status: CertificateView['status'];
  start: number;
  end: number;
  /** Where the hatched renewal span starts: the planned renewal, else the last-third estimate. */
  renewFrom: number;
  /** The scheduler's planned renewal moment, when a renewal view has one. */
  planned: number | null;
}

/** The renewal window: the last third of the lifetime (what the scheduler uses without ARI). */
export function renewalWindowStart(notBefore: string, notAfter: string): number {
  const a = new Date(notBefore).getTime();
  const b = new Date(notAfter).getTime();
  return a + ((b - a) * 2) / 3;
}

export function timelineRows(certs: CertificateView[], renewals: ReadonlyMap<string, RenewalView> = new Map()): TimelineRow[] {
  return certs.map((c) => {
    const renewAt = renewals.get(c.id)?.renewAt;
    const planned = renewAt ? new Date(renewAt).getTime() : null;
    return {
      id: c.id,
      label: c.names[0] ?? c.id,
      status: c.status,
      start: new Date(c.notBefore).getTime(),
      end: new Date(c.notAfter).getTime(),
      renewFrom: planned ?? renewalWindowStart(c.notBefore, c.notAfter),
      planned,
    };
  });
}

/** The time range shown: every certificate and today, with a little room either side. */
export function timeDomain(rows: TimelineRow[], now: number): [number, number] {
  let lo = now - 7 * DAY;
  let hi = now + 7 * DAY;
  for (const r of rows) {
    lo = Math.min(lo, r.start, r.planned ?? r.start);
    hi = Math.max(hi, r.end, r.planned ?? r.end);
  }
  const pad = (hi - lo) * 0.03;
  return [lo - pad, hi + pad];
}

/** Month starts (or quarters for long ranges) inside the domain, for axis ticks. */
export function monthTicks([lo, hi]: [number, number]): Date[] {
  const months = (hi - lo) / (30 * DAY);
  const step = months > 30 ? 6 : months > 14 ? 3 : months > 7 ? 2 : 1;
  const d = new Date(lo);
  const out: Date[] = [];
  let t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  while (t.getTime() < hi) {
    if (t.getUTCMonth() % step === 0) out.push(t);
    t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
  }
  return out;
}
