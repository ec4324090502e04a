import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiHandler } from '../../../electron/core/app/api-handler.ts';
import type { ApiResult, EventName, EventPayloads } from '../../../shared/api/contract.ts';
import { registerApiIpc, type EventTarget } from '../../../electron/shell/ipc.ts';
import { isTrustedSender } from '../../../electron/shell/ipc-sender.ts';
import { FakeWebContents } from './fakes.ts';

type IpcMainLike = Parameters<typeof registerApiIpc>[0];
type IpcMainInvokeEvent = Parameters<Parameters<typeof registerApiIpc>[2]>[0];
type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
type Invoked = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** A fake ipcMain that keeps the handlers, a fake core that records calls. */
function setup(opts: { callThrows?: boolean; targets?: EventTarget[] } = {}) {
  const handlers = new Map<string, Invoked>();
  const removed: string[] = [];
  const ipcMain = {
    handle: (channel: string, fn: Invoked) => {
      assert.ok(!handlers.has(channel), `second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => {
      removed.push(channel);
      handlers.delete(channel);
    },
  };
  const calls: [string, unknown][] = [];
  const listeners = new Set<Listener>();
  let unsubscribed = 0;
  const handler: ApiHandler = {
    async call(method, params) {
      calls.push([method, params]);
      if (opts.callThrows) throw new Error('boom');
      return { ok: true, value: { ran: method } };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        unsubscribed++;
        listeners.delete(listener);
      };
    },
  };
  const ourWindows = new Set([1]);
  const dispose = registerApiIpc(
    ipcMain as unknown as IpcMainLike,
    handler,
    // The real check, fed by the fake event: the window id rides on the fake sender.
    (event) => isTrustedSender(event.senderFrame, (event.sender as unknown as { windowId?: number }).windowId, ourWindows),
    () => opts.targets ?? [],
  );
  const emit: Listener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  return {
    handlers,
    removed,
    calls,
    listeners,
    dispose,
    emit,
    get unsubscribed() {
      return unsubscribed;
    },
  };
}

function invokeEvent(url: string, windowId: number | undefined, parent: unknown = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent }, sender: { windowId } } as unknown as IpcMainInvokeEvent;
}
const trusted = () => invokeEvent('app://persistcert/index.html', 1);

test('registers exactly one handler, on persistcert:call', () => {
  const { handlers } = setup();
  assert.deepEqual([...handlers.keys()], ['persistcert:call']);
});

test('a trusted call is forwarded to the core with its params, and its result returned as is', async () => {
  const s = setup();
  const params = { directoryUrl: 'https://ca.example/dir' };
  const result = await s.handlers.get('persistcert:call')!(trusted(), 'inspectCa', params);
  assert.deepEqual(result, { ok: true, value: { ran: 'inspectCa' } });
  assert.deepEqual(s.calls, [['inspectCa', params]]);
});

const untrusted: { what: string; event: IpcMainInvokeEvent }[] = [
  { what: 'a window we did not create', event: invokeEvent('app://persistcert/index.html', 7) },
  { what: 'no window', event: invokeEvent('app://persistcert/index.html', undefined) },
  { what: 'an iframe', event: invokeEvent('app://persistcert/index.html', 1, { url: 'app://persistcert/' }) },
  { what: 'a web page in our window', event: invokeEvent('https://evil.example/', 1) },
  { what: 'a destroyed frame', event: { senderFrame: null, sender: { windowId: 1 } } as unknown as IpcMainInvokeEvent },
];
for (const u of untrusted) {
  test(`a call from ${u.what} is refused and never reaches the core`, async () => {
    const s = setup();
    const result = (await s.handlers.get('persistcert:call')!(u.event, 'listAccounts', {})) as ApiResult<unknown>;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'bad-request');
    assert.deepEqual(s.calls, []);
  });
}

for (const method of [
  'evil',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'ListAccounts',
  '',
  42,
  null,
  undefined,
  { name: 'listAccounts' },
]) {
  test(`unknown method ${JSON.stringify(method) ?? String(method)} is refused before the core`, async () => {
    const s = setup();
    const result = (await s.handlers.get('persistcert:call')!(trusted(), method, {})) as ApiResult<unknown>;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'bad-request');
    assert.deepEqual(s.calls, []);
  });
}

test('a core that throws still yields an ApiResult, not a rejected invoke', async () => {
  const s = setup({ callThrows: true });
  const result = (await s.handlers.get('persistcert:call')!(trusted(), 'appInfo', {})) as ApiResult<unknown>;
  assert.deepEqual(result, { ok: false, error: { code: 'internal', message: 'appInfo failed unexpectedly.' } });
});

test('events go to every live window we own, as (name, payload) on persistcert:event', () => {
  const a = new FakeWebContents();
  const b = new FakeWebContents();
  const gone = new FakeWebContents();
  gone.destroyed = true;
  const broken = new FakeWebContents();
  broken.sendThrows = true;
  // The broken one comes first: it must not keep the others from their event.
  const s = setup({ targets: [broken, a, gone, b].map((webContents) => ({ webContents })) });
  const payload = { certificateId: 'c1', names: ['a.example'], action: 'renewed' as const, message: 'Renewed', warnings: [] };
  s.emit('renewal.outcome', payload);
  for (const w of [a, b]) assert.deepEqual(w.sent, [['persistcert:event', 'renewal.outcome', payload]]);
  assert.deepEqual(gone.sent, []);
});

test('dispose removes the handler and the subscription', () => {
  const a = new FakeWebContents();
  const s = setup({ targets: [{ webContents: a }] });
  s.dispose();
  assert.deepEqual(s.removed, ['persistcert:call']);
  assert.equal(s.unsubscribed, 1);
  s.emit('certificates.changed', { certificates: [] });
  assert.deepEqual(a.sent, []);
});
