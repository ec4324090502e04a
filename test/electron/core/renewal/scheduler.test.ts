import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenewalScheduler } from '../../../../electron/core/renewal/scheduler.ts';
import type { RenewalService } from '../../../../electron/core/renewal/renewal-service.ts';
import { FakeClock } from './fake-clock.ts';

const T0 = new Date('2026-11-23T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A renewal service stand-in: records passes; its "next deadline" is whatever the test says. */
function fakeService(clock: FakeClock, next: () => Date | undefined) {
  const passes: Date[] = [];
  let release: (() => void) | undefined;
  const service = {
    deps: { store: { reload: async () => ({}) } },
    async run() {
      passes.push(clock.now());
      if (hold) await new Promise<void>((r) => (release = r));
      return [];
    },
    nextWakeAt: next,
  };
  let hold = false;
  return {
    service: service as unknown as RenewalService,
    passes,
    holdNext() {
      hold = true;
    },
    release() {
      hold = false;
      release?.();
    },
  };
}

const settle = () => new Promise((r) => setImmediate(r));
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await settle();
  assert.ok(cond(), 'condition reached');
}

test('a pass at start, then one timer to the next deadline and nothing in between', async () => {
  const clock = new FakeClock(T0);
  const f = fakeService(clock, () => new Date(T0.getTime() + 5 * HOUR));
  const s = new RenewalScheduler({ service: f.service, clock, isPaused: async () => false, clockWatchMs: MIN });
  s.start();
  await until(() => !s.running && s.next !== undefined);
  assert.equal(f.passes.length, 1);
  assert.equal(s.next?.getTime(), T0.getTime() + 5 * HOUR);
  clock.advance(5 * HOUR - 1000);
  await settle();
  assert.equal(f.passes.length, 1, 'no pass before the deadline (the clock watch only compares)');
  clock.advance(2000);
  await until(() => f.passes.length === 2);
  await s.stop();
  assert.equal(clock.pendingTimers(), 0, 'stop clears every timer');
});

test('stop() while a pass asks whether renewals are paused: no timer is left behind (a stopped daemon must exit)', async () => {
  const clock = new FakeClock(T0);
  const f = fakeService(clock, () => new Date(T0.getTime() + 6 * HOUR));
  let answer: ((paused: boolean) => void) | undefined;
  let asks = 0;
  // The first question (before the run) answers at once; the second (after it) waits for the test.
  const isPaused = () => (++asks === 1 ? Promise.resolve(false) : new Promise<boolean>((r) => (answer = r)));
  const s = new RenewalScheduler({ service: f.service, clock, isPaused, clockWatchMs: MIN });
  s.start();
  await until(() => answer !== undefined);
  const stopped = s.stop();
  answer!(false);
  await stopped;
  await settle();
  assert.equal(clock.pendingTimers(), 0, 'no timer armed after stop');
  assert.equal(s.next, undefined, 'nothing planned');
});

test('after a suspend or a clock jump past the deadline, the work runs within one clock-watch interval', async () => {
  const clock = new FakeClock(T0);
  const f = fakeService(clock, () => new Date(T0.getTime() + 3 * HOUR));
  const s = new RenewalScheduler({ service: f.service, clock, isPaused: async () => false, clockWatchMs: MIN });
  s.start();
  await until(() => !s.running && s.next !== undefined);
  clock.jump(4 * HOUR); // wall clock moved, monotonic timers did not
  clock.advance(MIN);
  await until(() => f.passes.length === 2);
  assert.ok(f.passes[1]!.getTime() >= T0.getTime() + 4 * HOUR);
  await s.stop();
});

test('a deadline that stays in the past does not spin: at most one pass a second', async () => {
  const clock = new FakeClock(T0);
  const f = fakeService(clock, () => new Date(T0.getTime() - HOUR));
  const s = new RenewalScheduler({ service: f.service, clock, isPaused: async () => false, clockWatchMs: MIN });
  s.start();
  await until(() => !s.running && s.next !== undefined);
  for (let i = 0; i < 10; i++) {
    clock.advance(100);
    await settle();
  }
  assert.ok(f.passes.length <= 2, `passes: ${f.passes.length}`);
  await s.stop();
});

test('paused: no renewal runs and no deadline is armed; resuming runs at once', async () => {
  const clock = new FakeClock(T0);
  let paused = true;
  const f = fakeService(clock, () => new Date(T0.getTime() + HOUR));
  const s = new RenewalScheduler({ service: f.service, clock, isPaused: async () => paused, clockWatchMs: MIN });
  s.start();
  await until(() => !s.running);
  await settle();
  assert.equal(f.passes.length, 0);
  assert.equal(s.next, undefined);
  paused = false;
  s.wake('resumed');
  await until(() => f.passes.length === 1);
  await s.stop();
});

test('a wake during a pass runs one more pass after it, never two at once; stop waits for the pass', async () => {
  const clock = new FakeClock(T0);
  const f = fakeService(clock, () => new Date(T0.getTime() + HOUR));
  const s = new RenewalScheduler({ service: f.service, clock, isPaused: async () => false, clockWatchMs: MIN });
  f.holdNext();
  s.start();
  await until(() => f.passes.length === 1);
  s.wake('store changed');
  s.wake('SIGHUP');
  assert.equal(f.passes.length, 1, 'not concurrently');
  f.release();
  await until(() => f.passes.length === 2 && !s.running);
  await settle();
  assert.equal(f.passes.length, 2, 'the two wakes made one more pass');
  f.holdNext();
  s.wake('again');
  await until(() => f.passes.length === 3);
  let stopped = false;
  const stopping = s.stop().then(() => (stopped = true));
  await settle();
  assert.equal(stopped, false, 'stop waits for the pass in progress');
  f.release();
  await stopping;
});
