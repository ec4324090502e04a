// The stores' one ordering rule (renderer/src/store/server-value.ts): only the newest load or
// replace reaches the store, whatever order the answers come back in. Plain Node: the module's
// API import finds a stand-in `window.persistcert`, which these tests never call.
import { test } from 'node:test';
import assert from 'node:assert/strict';

(globalThis as { window?: unknown }).window = { persistcert: {} };
const { serverValue, upsertById } = await import('../../renderer/src/store/server-value.ts');

/** A load whose answers the test releases by hand, in any order. */
function controlledLoad() {
  const waiting: { resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const load = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  return { load, waiting };
}

interface Shown {
  value: string | null;
  loading: boolean;
  error: string | null;
}

function harness() {
  const { load, waiting } = controlledLoad();
  const shown: Shown = { value: null, loading: false, error: null };
  const cache = serverValue(load, ({ value, loading, error }) => {
    if (value !== undefined) shown.value = value;
    shown.loading = loading;
    shown.error = error?.message ?? null;
  });
  return { cache, waiting, shown };
}

const cases: { name: string; run: (h: ReturnType<typeof harness>) => Promise<void>; expect: Shown }[] = [
  {
    name: 'a load shows its answer',
    run: async ({ cache, waiting }) => {
      const p = cache.refresh();
      waiting[0]!.resolve('one');
      await p;
    },
    expect: { value: 'one', loading: false, error: null },
  },
  {
    name: 'an older load answering last does not undo the newer one',
    run: async ({ cache, waiting }) => {
      const first = cache.refresh();
      const second = cache.refresh();
      waiting[1]!.resolve('new');
      await second;
      waiting[0]!.resolve('old');
      await first;
    },
    expect: { value: 'new', loading: false, error: null },
  },
  {
    name: 'an event (replace) wins over a load still under way',
    run: async ({ cache, waiting }) => {
      const p = cache.refresh();
      cache.replace('from event');
      waiting[0]!.resolve('stale');
      await p;
    },
    expect: { value: 'from event', loading: false, error: null },
  },
  {
    name: 'a failed load shows its error and keeps the value it had',
    run: async ({ cache, waiting }) => {
      cache.replace('kept');
      const p = cache.refresh();
      waiting[0]!.reject(new Error('main is gone'));
      await p;
    },
    expect: { value: 'kept', loading: false, error: 'main is gone' },
  },
  {
    name: 'a failure of a superseded load is not shown',
    run: async ({ cache, waiting }) => {
      const first = cache.refresh();
      cache.replace('fresh');
      waiting[0]!.reject(new Error('too late'));
      await first;
    },
    expect: { value: 'fresh', loading: false, error: null },
  },
  {
    name: 'cancel drops the answer of a load under way',
    run: async ({ cache, waiting }) => {
      const p = cache.refresh();
      cache.cancel();
      waiting[0]!.resolve('unwanted');
      await p;
    },
    expect: { value: null, loading: true, error: null },
  },
];

for (const c of cases) {
  test(`serverValue: ${c.name}`, async () => {
    const h = harness();
    await c.run(h);
    assert.deepEqual(h.shown, c.expect);
  });
}

test('upsertById replaces in place or appends, and starts a missing list', () => {
  const a = { id: 'a', n: 1 };
  const b = { id: 'b', n: 2 };
  assert.deepEqual(upsertById([a, b], { id: 'a', n: 3 }), [{ id: 'a', n: 3 }, b]);
  assert.deepEqual(upsertById([a], b), [a, b]);
  assert.deepEqual(upsertById(null, a), [a]);
});
