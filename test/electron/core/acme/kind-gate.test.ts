import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindGate } from '../../../../electron/core/acme/kind-gate.ts';

/** A task that records when it starts and finishes and waits to be released. */
function task(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return {
    run: async () => {
      log.push(`+${name}`);
      await done;
      log.push(`-${name}`);
    },
    release,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

test('one kind runs together; another kind waits until it is done; arrival order is kept', async () => {
  const gate = new KindGate();
  const log: string[] = [];
  const a1 = task(log, 'a1');
  const a2 = task(log, 'a2');
  const b1 = task(log, 'b1');
  const a3 = task(log, 'a3');
  const b2 = task(log, 'b2');
  const runs = [gate.run('a', a1.run), gate.run('a', a2.run), gate.run('b', b1.run), gate.run('a', a3.run), gate.run('b', b2.run)];
  await tick();
  assert.deepEqual(log, ['+a1', '+a2'], 'two of one kind at once; b waits, and a3 queues behind b (no starvation)');
  a1.release();
  await tick();
  assert.deepEqual(log.slice(2), ['-a1'], 'b still waits for a2');
  a2.release();
  await tick();
  assert.deepEqual(log.slice(3), ['-a2', '+b1'], 'b1 alone: a3 arrived after it and b2 after a3');
  b1.release();
  await tick();
  assert.deepEqual(log.slice(5), ['-b1', '+a3']);
  a3.release();
  await tick();
  b2.release();
  await Promise.all(runs);
  assert.deepEqual(log.slice(7), ['-a3', '+b2', '-b2']);
});

test('a task that throws still lets the others in', async () => {
  const gate = new KindGate();
  await assert.rejects(
    gate.run('a', () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(await gate.run('b', async () => 'ran'), 'ran');
});
