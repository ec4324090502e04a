import type { Clock, TimerHandle } from '../../../../electron/core/renewal/clock.ts';

/**
 * A clock for the scheduler's tests: `advance` moves time and fires the timers that fall due, as
 * a running machine would; `jump` moves the wall clock without firing anything, as a suspend or
 * a clock change does (timers run on monotonic time).
 */
export class FakeClock implements Clock {
  private t: number;
  private mono = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  readonly armed: number[] = [];

  constructor(start: Date) {
    this.t = start.getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.mono + ms, fn });
    this.armed.push(ms);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id as number);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves both clocks by `ms`, firing due timers in order (each may arm new ones). */
  advance(ms: number): void {
    const end = this.mono + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.t += timer.at - this.mono;
      this.mono = timer.at;
      this.timers.delete(id);
      timer.fn();
    }
    this.t += end - this.mono;
    this.mono = end;
  }

  /** The wall clock moves; monotonic time does not (suspend/resume, or the clock being set). */
  jump(ms: number): void {
    this.t += ms;
  }

  set(date: Date): void {
    this.t = date.getTime();
  }
}
