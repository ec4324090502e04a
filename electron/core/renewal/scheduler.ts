import type { RenewalOutcomeView } from '../../../shared/api/views.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { MAX_TIMER_MS } from './clock.ts';
import type { RunOptions } from './renewal-service.ts';

/**
 * What the scheduler drives: the renewal service itself (the tray app), or the daemon's stand-in
 * that runs each pass in a short-lived process (electron/core/renewal/pass-process.ts).
 */
export interface PassService {
  run(options: Pick<RunOptions, 'onOutcome'>): Promise<unknown>;
  deps: { store: { reload(): Promise<unknown> } };
  /** The earliest moment work is due, from the state as last read. */
  nextWakeAt(): Date | undefined;
}

export interface SchedulerOptions {
  service: PassService;
  clock: Clock;
  /** Read at every pass: the tray's "Pause renewals" and the settings switch. */
  isPaused: () => Promise<boolean>;
  onOutcome?: (outcome: RenewalOutcomeView) => void;
  /** A pass started or ended (for the tray icon and the dashboard). */
  onRunningChange?: (running: boolean) => void;
  log?: (line: string) => void;
  /**
   * How often the wall clock is compared with the next deadline. Timers run on monotonic time,
   * which stands still while the machine sleeps and ignores clock changes; this one comparison
   * per minute is what lets overdue work run right after a resume or a clock jump.
   */
  clockWatchMs?: number;
}

/**
 * Renews unattended, for the tray app and the daemon alike. One timer points at the next
 * deadline (a renewal, a renewal-information fetch, a deploy retry); there is no polling of the
 * CA or the store. Each pass reads the persisted state afresh, so a restart picks up exactly
 * where the last process left off (backoffs, chosen moments, orders in flight).
 */
export class RenewalScheduler {
  private timer: TimerHandle | undefined;
  private watch: TimerHandle | undefined;
  private nextAt: Date | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly o: SchedulerOptions) {}

  get running(): boolean {
    return this.pass !== undefined;
  }

  /** When the next pass is planned (undefined: nothing scheduled, or paused). */
  get next(): Date | undefined {
    return this.nextAt;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.armWatch();
    this.wake('start');
  }

  /** Runs a pass now (resume from sleep, a store change, "renew all now", unpausing). */
  wake(reason: string): void {
    if (this.stopped) return;
    if (this.pass) {
      // One pass at a time; a wake during one means "look again when done".
      this.again = true;
      return;
    }
    this.o.log?.(`renewal pass (${reason})`);
    this.clearTimer();
    this.pass = this.runPass().finally(() => {
      this.pass = undefined;
      this.o.onRunningChange?.(false);
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake('requested during the last pass');
      }
    });
    this.o.onRunningChange?.(true);
  }

  /** Stops the timers and waits for a pass in progress (its writes must finish). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    if (this.watch) this.o.clock.clearTimer(this.watch);
    this.watch = undefined;
    await this.pass;
  }

  /** Waits for the pass in progress, if any (tests, orderly shutdown). */
  async idle(): Promise<void> {
    while (this.pass) await this.pass;
  }

  private async runPass(): Promise<void> {
    try {
      if (!(await this.o.isPaused())) {
        await this.o.service.run({ ...(this.o.onOutcome ? { onOutcome: this.o.onOutcome } : {}) });
      }
      // Plan from the state as it is now, including what other processes wrote meanwhile.
      await this.o.service.deps.store.reload();
    } catch (err) {
      // A pass that cannot even start (store unreadable) is logged; the next deadline still comes.
      this.o.log?.(`renewal pass failed: ${(err as Error).message}`);
    }
    if (this.stopped) return;
    const paused = await this.o.isPaused().catch(() => false);
    // stop() may have come while we asked: a timer armed now would keep a stopped daemon alive.
    if (this.stopped) return;
    this.nextAt = paused ? undefined : this.o.service.nextWakeAt();
    this.armTimer();
  }

  private armTimer(): void {
    this.clearTimer();
    if (!this.nextAt || this.stopped) return;
    const delay = this.nextAt.getTime() - this.o.clock.now().getTime();
    // Never sooner than a second: a deadline that stays in the past (a clock far off) must not spin.
    this.timer = this.o.clock.setTimer(
      () => {
        this.timer = undefined;
        if (this.nextAt && this.o.clock.now() >= this.nextAt) this.wake('deadline');
        else this.armTimer(); // woke early: a long wait re-armed in steps, or the clock moved back
      },
      Math.min(MAX_TIMER_MS, Math.max(1000, delay)),
    );
  }

  private armWatch(): void {
    const every = this.o.clockWatchMs ?? 60_000;
    this.watch = this.o.clock.setTimer(() => {
      if (this.stopped) return;
      if (!this.pass && this.nextAt && this.o.clock.now() >= this.nextAt)
        this.wake('the clock passed a deadline (resume from sleep, or a clock change)');
      this.armWatch();
    }, every);
  }

  private clearTimer(): void {
    if (this.timer) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
