import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowRegistry, type RegisteredWindow } from '../../../electron/shell/window-registry.ts';
import { FakeWindow } from './fakes.ts';

const reg = () => new WindowRegistry<RegisteredWindow & FakeWindow>();
const fake = () => new FakeWindow() as unknown as RegisteredWindow & FakeWindow;

test('a window we add is ours until it closes', () => {
  const r = reg();
  const a = r.add(fake());
  const b = r.add(fake());
  assert.deepEqual([...r.ids], [a.id, b.id]);
  assert.deepEqual(r.windows(), [a, b]);
  a.emit('closed');
  assert.deepEqual([...r.ids], [b.id]);
  assert.deepEqual(r.windows(), [b]);
});

test('the ids set is live: a check holding it sees a window close', () => {
  const r = reg();
  const ids = r.ids;
  const a = r.add(fake());
  assert.ok(ids.has(a.id));
  a.emit('closed');
  assert.ok(!ids.has(a.id));
});

test('a destroyed window gets no events even before its closed event', () => {
  const r = reg();
  const a = r.add(fake());
  a.destroyed = true;
  assert.deepEqual(r.windows(), []);
});

test('a window we did not add is not ours', () => {
  const r = reg();
  r.add(fake());
  assert.ok(!r.ids.has(fake().id));
});
