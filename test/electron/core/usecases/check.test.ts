import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRecords, toPreflightView } from '../../../../electron/core/usecases/check.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The check use case: `persistcert check [--wait]` and the wizard's check step, against BIND.
let world: UseCaseWorld;
before(async () => {
  world = await startUseCaseWorld('usecase-check');
});
after(async () => world?.stop());

const dns = () => ({ checker: world.checker(), resolvers: world.resolvers });

test('a name without its record is not ready; with it, ready, on every server', async () => {
  const before = await checkRecords(world.core, dns(), { accountId: world.account.id, names: ['check.example.test'], offerCheck: false });
  assert.equal(before.ready, false);
  await world.publish('check.example.test');
  const after = await checkRecords(world.core, dns(), { accountId: world.account.id, names: ['check.example.test'], offerCheck: true });
  assert.equal(after.ready, true);
  const view = toPreflightView(after.results[0]!);
  assert.equal(view.recordName, '_validation-persist.check.example.test');
  assert.ok(view.servers.length > 0 && view.servers.every((s) => s.status === 'ok'), JSON.stringify(view.servers));
  assert.equal(view.offered, true, 'Pebble offers dns-persist-01');
});

test('waiting: checks again after each pause until the record is there, and tells each round that was not ready', async () => {
  const rounds: number[] = [];
  let slept = 0;
  const result = await checkRecords(world.core, dns(), {
    names: ['later.example.test'],
    offerCheck: false,
    wait: {
      timeoutMs: 60_000,
      intervalMs: 10_000,
      onNotReady: (_results, round) => rounds.push(round),
      // A virtual clock: each pause moves it on, and the record appears during the second one.
      now: () => slept,
      sleep: async (ms) => {
        slept += ms;
        if (rounds.length === 2) await world.publish('later.example.test');
      },
    },
  });
  assert.equal(result.ready, true);
  assert.deepEqual(rounds, [1, 2]);
});

test('waiting gives up at the timeout with the last answer', async () => {
  let slept = 0;
  const rounds: number[] = [];
  const result = await checkRecords(world.core, dns(), {
    names: ['never.example.test'],
    offerCheck: false,
    wait: {
      timeoutMs: 25_000,
      intervalMs: 10_000,
      onNotReady: (_r, round) => rounds.push(round),
      now: () => slept,
      sleep: async (ms) => void (slept += ms),
    },
  });
  assert.equal(result.ready, false);
  assert.deepEqual(rounds, [1, 2], 'a third pause would pass the timeout');
});
