import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { claimSingleInstance } from '../../../electron/shell/single-instance.ts';

type App = Parameters<typeof claimSingleInstance>[0];

function fakeApp(lock: boolean) {
  const app = Object.assign(new EventEmitter(), {
    quits: 0,
    requestSingleInstanceLock: () => lock,
    quit() {
      this.quits++;
    },
  });
  return app;
}

test('the first instance keeps running and shows itself when a second one starts', () => {
  const app = fakeApp(true);
  let shown = 0;
  assert.equal(
    claimSingleInstance(app as unknown as App, () => shown++),
    true,
  );
  assert.equal(app.quits, 0);
  app.emit('second-instance', {}, ['persistcert', '--evil'], '/tmp', {});
  app.emit('second-instance', {}, [], '/', {});
  assert.equal(shown, 2);
});

test('a second instance quits at once and listens for nothing', () => {
  const app = fakeApp(false);
  let shown = 0;
  assert.equal(
    claimSingleInstance(app as unknown as App, () => shown++),
    false,
  );
  assert.equal(app.quits, 1);
  assert.equal(app.listenerCount('second-instance'), 0);
});
