/**
 * What of unattended renewal deserves the user's attention: a desktop notification, a log line,
 * a webhook. Pure: it reads only views (which hold no keys, passwords or tokens), so nothing
 * secret can reach a notice, and the tray app and the daemon announce exactly the same things.
 */
import type { RenewalOutcomeView, RenewalView } from '../../../shared/api/views.ts';

/**
 * How the warnings in `RenewalView.warnings` begin (see `earlyWarnings` in schedule.ts). Code
 * that produces those warnings uses these prefixes so that notices can tell them apart.
 */
export const PERSIST_UNTIL_WARNING_PREFIX = 'The DNS record stops authorizing';
export const EXPIRY_WARNING_PREFIX = 'The certificate expires';
/** The record watch found a record no longer as the next renewal needs it (record-watch.ts). */
export const RECORD_DRIFT_WARNING_PREFIX = 'The DNS record is not ready for the next renewal';

export type NoticeKind = 'failure' | 'success' | 'failover' | 'deploy-failed' | 'persist-until' | 'expiry' | 'not-served' | 'record-drift';
export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  kind: NoticeKind;
  level: NoticeLevel;
  title: string;
  body: string;
  certificateId: string;
  names: string[];
}

/** A warning kind is announced again for the same certificate after this long, not before. */
export const WARNING_REPEAT_MS = 24 * 60 * 60 * 1000;

/** "example.com", "example.com and 2 more": titles stay short in a notification bubble. */
export function certificateLabel(names: readonly string[]): string {
  const [first] = names;
  if (first === undefined) return 'a certificate';
  return names.length === 1 ? first : `${first} and ${names.length - 1} more`;
}

const lines = (...parts: (string | undefined)[]): string => parts.filter((p): p is string => !!p && p.trim() !== '').join('\n');

/** The notices one certificate's renewal result deserves (often none). */
export function noticesForOutcome(outcome: RenewalOutcomeView, opts: { notifyOnSuccess: boolean }): Notice[] {
  const label = certificateLabel(outcome.names);
  const base = { certificateId: outcome.certificateId, names: [...outcome.names] };
  switch (outcome.action) {
    case 'failed':
      return [{ ...base, kind: 'failure', level: 'error', title: `Renewal failed: ${label}`, body: lines(outcome.message, outcome.fix) }];
    case 'deploy-failed':
      return [
        {
          ...base,
          kind: 'deploy-failed',
          level: 'error',
          title: `Deploying the renewed certificate failed: ${label}`,
          body: lines(outcome.message, outcome.fix),
        },
      ];
    case 'renewed':
      // A failover is announced even to users who asked for quiet successes: the primary CA
      // needs looking at before the backup is needed again.
      if (outcome.failover) {
        return [
          {
            ...base,
            kind: 'failover',
            level: 'warning',
            title: `Renewed from the backup CA: ${label}`,
            body: lines(
              'The certificate was renewed from the backup CA because the primary CA failed or stopped offering dns-persist-01.',
              outcome.message,
              outcome.fix,
            ),
          },
        ];
      }
      return opts.notifyOnSuccess
        ? [{ ...base, kind: 'success', level: 'info', title: `Certificate renewed: ${label}`, body: lines(outcome.message) }]
        : [];
    case 'deployed':
      // A deploy that had failed went through on retry: good news, shown like a renewal.
      return opts.notifyOnSuccess
        ? [{ ...base, kind: 'success', level: 'info', title: `Certificate deployed: ${label}`, body: lines(outcome.message) }]
        : [];
    case 'not-due':
    case 'busy':
    case 'paused':
      return [];
  }
}

/** Which early warning a `RenewalView.warnings` entry is, or null for others (a pending deploy). */
export function warningKind(warning: string): 'persist-until' | 'expiry' | 'record-drift' | null {
  if (warning.startsWith(PERSIST_UNTIL_WARNING_PREFIX)) return 'persist-until';
  if (warning.startsWith(RECORD_DRIFT_WARNING_PREFIX)) return 'record-drift';
  if (warning.startsWith(EXPIRY_WARNING_PREFIX)) return 'expiry';
  return null;
}

const WARNING_TITLES: Record<'persist-until' | 'expiry' | 'record-drift', string> = {
  'persist-until': 'The DNS record needs renewing',
  'record-drift': 'The DNS record changed',
  expiry: 'Certificate expires soon',
};

const NOTICE_KINDS = new Set<string>([
  'failure',
  'success',
  'failover',
  'deploy-failed',
  'persist-until',
  'expiry',
  'not-served',
  'record-drift',
] satisfies NoticeKind[]);

interface SentEntry {
  certificateId: string;
  kind: NoticeKind;
  at: string;
}

/**
 * Turns the early warnings in renewal views into notices, each kind at most once per certificate
 * per 24 hours: the views are recomputed on every tick, the warnings last for days, and a
 * reminder a day is useful where one a minute is noise. `admit` applies the same limit to any
 * other notice. The memory is plain data (`toJSON`/`fromJSON`) so a restart need not repeat them.
 */
export class WarningDeduper {
  /** certificateId -> kind -> when it was last announced (ms). */
  private readonly sent = new Map<string, Map<NoticeKind, number>>();

  constructor(private readonly repeatMs: number = WARNING_REPEAT_MS) {}

  noticesForViews(views: readonly RenewalView[], now: Date): Notice[] {
    const out: Notice[] = [];
    for (const view of views) {
      const seen = new Set<string>();
      for (const warning of view.warnings) {
        const kind = warningKind(warning);
        if (!kind || seen.has(kind)) continue;
        seen.add(kind);
        const notice: Notice = {
          kind,
          level: 'warning',
          title: `${WARNING_TITLES[kind]}: ${certificateLabel(view.names)}`,
          body: warning,
          certificateId: view.certificateId,
          names: [...view.names],
        };
        if (this.admit(notice, now)) out.push(notice);
      }
      // A server that does not serve the deployed certificate: the renewal did its part, the site did not.
      const notServed = view.served?.results.filter((r) => r.status !== 'serving') ?? [];
      if (notServed.length) {
        const notice: Notice = {
          kind: 'not-served',
          level: view.health === 'error' ? 'error' : 'warning',
          title: `Not served yet: ${certificateLabel(view.names)}`,
          body: notServed.map((r) => `${r.endpoint} ${r.detail}${r.fix ? `\n${r.fix}` : ''}`).join('\n'),
          certificateId: view.certificateId,
          names: [...view.names],
        };
        if (this.admit(notice, now)) out.push(notice);
      }
    }
    return out;
  }

  /** True (and remembered) when this certificate has not had this kind of notice in the last 24 h. */
  admit(notice: Pick<Notice, 'certificateId' | 'kind'>, now: Date): boolean {
    const t = now.getTime();
    const byKind = this.sent.get(notice.certificateId) ?? new Map<NoticeKind, number>();
    const last = byKind.get(notice.kind);
    // A last time in the future means the clock was set back: do not stay silent for that long.
    if (last !== undefined && t >= last && t - last < this.repeatMs) return false;
    byKind.set(notice.kind, t);
    this.sent.set(notice.certificateId, byKind);
    this.prune(t);
    return true;
  }

  /** Entries older than the repeat interval suppress nothing: drop them so the state stays small. */
  private prune(t: number): void {
    for (const [id, byKind] of this.sent) {
      for (const [kind, at] of byKind) if (t - at >= this.repeatMs) byKind.delete(kind);
      if (byKind.size === 0) this.sent.delete(id);
    }
  }

  toJSON(): { sent: SentEntry[] } {
    const sent: SentEntry[] = [];
    for (const [certificateId, byKind] of this.sent) {
      for (const [kind, at] of byKind) sent.push({ certificateId, kind, at: new Date(at).toISOString() });
    }
    return { sent };
  }

  /** Restores `toJSON()` output; anything unreadable is skipped (at worst a notice repeats). */
  static fromJSON(data: unknown, repeatMs: number = WARNING_REPEAT_MS): WarningDeduper {
    const deduper = new WarningDeduper(repeatMs);
    const sent = (data as { sent?: unknown } | null | undefined)?.sent;
    if (!Array.isArray(sent)) return deduper;
    for (const entry of sent as unknown[]) {
      const e = entry as Partial<Record<keyof SentEntry, unknown>> | null;
      if (!e || typeof e.certificateId !== 'string' || typeof e.kind !== 'string' || !NOTICE_KINDS.has(e.kind) || typeof e.at !== 'string')
        continue;
      const at = Date.parse(e.at);
      if (Number.isNaN(at)) continue;
      const byKind = deduper.sent.get(e.certificateId) ?? new Map<NoticeKind, number>();
      byKind.set(e.kind as NoticeKind, at);
      deduper.sent.set(e.certificateId, byKind);
    }
    return deduper;
  }
}
