import type { CliOutput } from './command.ts';

/**
 * Progress for batches (`issue --cert …`, `renew --all`). On a terminal: one live line,
 * rewritten in place (done/failed/total, rate, ETA), at most ten times a second. Anywhere else
 * (cron, pipes, --json) nothing is drawn: the caller's plain per-item lines are the record.
 */
export interface BatchProgress {
  start(total: number): void;
  item(ok: boolean): void;
  /** Ends the live line (leaves the final count on screen). */
  finish(): void;
  /** Whether a live line is drawn (then per-item lines are left out unless --verbose). */
  readonly live: boolean;
}

export function batchProgress(stream: CliOutput, verb: string, options: { enabled: boolean; now?: () => number }): BatchProgress {
  const live = options.enabled && stream.isTTY === true;
  const now = options.now ?? (() => Date.now());
  let total = 0;
  let done = 0;
  let failed = 0;
  let started = 0;
  let drawnAt = 0;
  const draw = (force: boolean): void => {
    if (!live || (!force && now() - drawnAt < 100)) return;
    drawnAt = now();
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const rate = done / seconds;
    const eta = rate > 0 && done < total ? ` · ETA ${duration((total - done) / rate)}` : '';
    const line = `${verb} ${done}/${total}${failed ? ` (${failed} failed)` : ''} · ${rate.toFixed(1)}/s${eta}`;
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns ?? 80) - 1)}`);
  };
  return {
    live,
    start(n) {
      total = n;
      started = now();
      draw(true);
    },
    item(ok) {
      done++;
      if (!ok) failed++;
      draw(done === total);
    },
    finish() {
      if (live && total > 0) stream.write('\n');
    },
  };
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
