/**
 * Time as the renewal code sees it. Injected so tests can pin "now", jump it, and fire timers
 * without waiting; the real one is the system clock and Node's timers.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` after about `ms` (monotonic time: a suspended machine does not count). */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: unknown;
}

/** setTimeout overflows past 2^31-1 ms (~24.8 days); longer waits are re-armed on the way. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(fn, ms) {
    return { id: setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms))) };
  },
  clearTimer(handle) {
    clearTimeout(handle.id as NodeJS.Timeout);
  },
};
