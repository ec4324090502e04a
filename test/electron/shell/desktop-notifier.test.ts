import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Notice } from '../../../electron/core/renewal/notices.ts';
import { createDesktopNotifier, type DesktopNotifierDeps, type NotificationOptions } from '../../../electron/shell/desktop-notifier.ts';

class FakeNotification {
  shown = 0;
  readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly options: NotificationOptions) {}
  show(): void {
    this.shown++;
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: 'click' | 'close'): void {
    for (const l of this.listeners.get(event) ?? []) l();
  }
}

function setup(overrides: Partial<DesktopNotifierDeps> = {}) {
  const created: FakeNotification[] = [];
  const clicked: string[] = [];
  const errors: unknown[] = [];
  const sink = createDesktopNotifier({
    isSupported: () => true,
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    onClick: (id) => clicked.push(id),
    onError: (e) => errors.push(e),
    ...overrides,
  });
  return { sink, created, clicked, errors };
}

const notice = (fields: Partial<Notice> = {}): Notice => ({
  kind: 'failure',
  level: 'error',
  title: 'Renewal failed: example.com',
  body: 'The CA refused the order',
  certificateId: 'cert-7',
  names: ['example.com'],
  ...fields,
});

const levelCases: { level: Notice['level']; urgency: NotificationOptions['urgency']; silent: boolean }[] = [
  { level: 'error', urgency: 'critical', silent: false },
  { level: 'warning', urgency: 'normal', silent: false },
  { level: 'info', urgency: 'low', silent: true },
];
for (const c of levelCases) {
  test(`a${c.level === 'error' ? 'n' : ''} ${c.level} notice is shown with urgency ${c.urgency}${c.silent ? ', silently' : ''}`, async () => {
    const { sink, created } = setup();
    await sink.deliver(notice({ level: c.level, title: 'T', body: 'B' }));
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]!.options, { title: 'T', body: 'B', urgency: c.urgency, silent: c.silent });
    assert.equal(created[0]!.shown, 1);
  });
}

test('clicking a notification opens its certificate', async () => {
  const { sink, created, clicked } = setup();
  await sink.deliver(notice({ certificateId: 'a' }));
  await sink.deliver(notice({ certificateId: 'b' }));
  created[1]!.emit('click');
  created[0]!.emit('click');
  assert.deepEqual(clicked, ['b', 'a']);
});

test('closing a notification does not open anything', async () => {
  const { sink, created, clicked } = setup();
  await sink.deliver(notice());
  created[0]!.emit('close');
  assert.deepEqual(clicked, []);
});

test('without a notification service nothing is created, and nothing throws', async () => {
  const { sink, created, errors } = setup({ isSupported: () => false });
  await sink.deliver(notice());
  assert.equal(created.length, 0);
  assert.deepEqual(errors, []);
});

const throwing: { what: string; overrides: Partial<DesktopNotifierDeps> }[] = [
  {
    what: 'isSupported throws',
    overrides: {
      isSupported: () => {
        throw new Error('boom');
      },
    },
  },
  {
    what: 'create throws',
    overrides: {
      create: () => {
        throw new Error('boom');
      },
    },
  },
  {
    what: 'show throws',
    overrides: {
      create: (options) =>
        Object.assign(new FakeNotification(options), {
          show: () => {
            throw new Error('boom');
          },
        }),
    },
  },
];
for (const c of throwing) {
  test(`delivery does not throw when ${c.what}; the error is reported`, async () => {
    const { sink, errors } = setup(c.overrides);
    await sink.deliver(notice());
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['boom'],
    );
  });
}

test('an onClick that throws is reported, not thrown into Electron', async () => {
  const { sink, created, errors } = setup({
    onClick: () => {
      throw new Error('no window');
    },
  });
  await sink.deliver(notice());
  created[0]!.emit('click');
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['no window'],
  );
});
