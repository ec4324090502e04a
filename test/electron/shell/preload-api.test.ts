import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { EVENT_NAMES, METHOD_NAMES, type ApiErrorBody } from '../../../shared/api/contract.ts';
import { createPreloadApi, type ApiFailure } from '../../../electron/shell/preload-api.ts';

/** Fakes of ipcRenderer's invoke/on/removeListener over a real EventEmitter. */
function setup(answer: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'v' })) {
  const invokes: unknown[][] = [];
  const ipc = new EventEmitter();
  const removed: unknown[] = [];
  const reported: unknown[] = [];
  const api = createPreloadApi(
    (channel, ...args) => {
      invokes.push([channel, ...args]);
      return answer(channel, ...args);
    },
    (channel, listener) => ipc.on(channel, listener),
    (channel, listener) => {
      removed.push(listener);
      ipc.removeListener(channel, listener);
    },
    (error) => reported.push(error),
  );
  // What main's webContents.send arrives as: an IPC event object first, then name and payload.
  const ipcEvent = { sender: { invoke: 'this is ipcRenderer' }, ports: [] };
  const deliver = (name: string, payload: unknown) => ipc.emit('persistcert:event', ipcEvent, name, payload);
  return { api, invokes, ipc, removed, reported, deliver, ipcEvent };
}

test('window.persistcert has exactly the contract methods plus on, all functions, and is frozen', () => {
  const { api } = setup();
  assert.deepEqual(Object.keys(api).sort(), [...METHOD_NAMES, 'on'].sort());
  for (const key of Object.keys(api)) assert.equal(typeof (api as unknown as Record<string, unknown>)[key], 'function', key);
  assert.ok(Object.isFrozen(api));
});

for (const method of METHOD_NAMES) {
  test(`${method} is a named function that invokes persistcert:call with its name and params and unwraps the value`, async () => {
    const { api, invokes } = setup(async () => ({ ok: true, value: { from: 'main' } }));
    const fn = (api as unknown as Record<string, (p: unknown) => Promise<unknown>>)[method]!;
    assert.equal(fn.name, method);
    const params = { probe: method };
    assert.deepEqual(await fn(params), { from: 'main' });
    assert.deepEqual(invokes, [['persistcert:call', method, params]]);
  });
}

test('a failed call rejects with the structured body (message, fix and CA problem document)', async () => {
  const body: ApiErrorBody = {
    code: 'ca-refused',
    message: 'The CA refused the order',
    fix: 'Publish the record first',
    problem: { type: 'urn:ietf:params:acme:error:unauthorized', detail: 'no TXT record' },
  };
  const { api } = setup(async () => ({ ok: false, error: body }));
  await assert.rejects(api.listAccounts({}), (e: ApiFailure) => {
    assert.equal(e.name, 'ApiError');
    assert.equal(e.message, body.message);
    assert.deepEqual(e.body, body);
    return true;
  });
});

test('the rejection survives a structured copy whole, as contextBridge copies it', async () => {
  const body: ApiErrorBody = { code: 'dns', message: 'No TXT record yet', fix: 'Wait for propagation' };
  const { api } = setup(async () => ({ ok: false, error: body }));
  const rejection: unknown = await api.appInfo({}).then(
    () => assert.fail('should reject'),
    (e: unknown) => e,
  );
  assert.deepEqual(structuredClone(rejection), { name: 'ApiError', message: body.message, body });
});

test('premise: a copied Error loses its own properties, which is why failures are not Errors', () => {
  // Electron's contextBridge docs: "any custom properties on the Error object will be lost".
  const copied = structuredClone(Object.assign(new Error('m'), { body: { code: 'dns' } }));
  assert.equal((copied as Error & { body?: unknown }).body, undefined);
});

const malformed: { what: string; result: unknown }[] = [
  { what: 'undefined', result: undefined },
  { what: 'null', result: null },
  { what: 'a string', result: 'ok' },
  { what: 'an empty object', result: {} },
  { what: 'ok without a value', result: { ok: true } },
  { what: 'ok as a string', result: { ok: 'true', value: 1 } },
  { what: 'failure without an error', result: { ok: false } },
  { what: 'failure with a malformed error', result: { ok: false, error: { code: 1, message: null } } },
];
for (const m of malformed) {
  test(`an answer that is ${m.what} rejects as internal, never resolves`, async () => {
    const { api } = setup(async () => m.result);
    await assert.rejects(api.getSettings({}), (e: ApiFailure) => e.body.code === 'internal');
  });
}

test('an invoke that rejects (main gone) rejects as internal', async () => {
  const { api } = setup(() => Promise.reject(new Error("Error invoking remote method 'persistcert:call': boom")));
  await assert.rejects(api.appInfo({}), (e: ApiFailure) => e.body.code === 'internal' && /appInfo/.test(e.message));
});

for (const name of ['evil', '', 'persistcert:call', 'persistcert:event', '__proto__', 'ISSUE.PROGRESS', 'issue', 42, undefined]) {
  test(`on(${JSON.stringify(name) ?? String(name)}) is refused and registers nothing`, () => {
    const { api, ipc } = setup();
    assert.throws(() => api.on(name as never, () => {}), TypeError);
    assert.equal(ipc.listenerCount('persistcert:event'), 0);
  });
}

test('on refuses a listener that is not a function', () => {
  const { api, ipc } = setup();
  assert.throws(() => api.on('issue.progress', 'alert(1)' as never), TypeError);
  assert.equal(ipc.listenerCount('persistcert:event'), 0);
});

for (const name of EVENT_NAMES) {
  test(`on(${name}) passes the payload only, and only for ${name}`, () => {
    const { api, deliver } = setup();
    const got: unknown[][] = [];
    api.on(name, (...args: unknown[]) => got.push(args));
    const payload = { for: name };
    for (const other of EVENT_NAMES) deliver(other, { for: other });
    assert.deepEqual(got, [[payload]]);
  });
}

test('unsubscribe removes exactly its own listener, once', () => {
  const { api, ipc, removed, deliver } = setup();
  const a: unknown[] = [];
  const b: unknown[] = [];
  const offA = api.on('issue.progress', (p) => a.push(p));
  api.on('issue.progress', (p) => b.push(p));
  const [relayA] = ipc.listeners('persistcert:event');
  assert.equal(ipc.listenerCount('persistcert:event'), 2);
  offA();
  offA();
  assert.deepEqual(removed, [relayA]);
  assert.equal(ipc.listenerCount('persistcert:event'), 1);
  deliver('issue.progress', 1);
  assert.deepEqual(a, []);
  assert.deepEqual(b, [1]);
});

test('a listener that throws is reported and does not starve the next one', () => {
  const { api, reported, deliver } = setup();
  const got: unknown[] = [];
  api.on('certificates.changed', () => {
    throw new Error('render failed');
  });
  api.on('certificates.changed', (p) => got.push(p));
  deliver('certificates.changed', { certificates: [] });
  assert.deepEqual(got, [{ certificates: [] }]);
  assert.equal(reported.length, 1);
});
