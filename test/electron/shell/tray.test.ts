import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trayModel, type TrayIconState, type TrayModel, type TrayModelInput } from '../../../electron/core/renewal/tray-model.ts';
import { createTrayController, type TrayActions, type TrayMenuTemplateItem } from '../../../electron/shell/tray.ts';
import type { RenewalView } from '../../../shared/api/views.ts';
import { settle } from './fakes.ts';

/** An image stand-in: which state it was drawn for. */
type FakeImage = { state: TrayIconState };
/** A built menu stand-in: the template it was built from. */
type FakeMenu = { template: TrayMenuTemplateItem[] };

class FakeTray {
  readonly calls: string[] = [];
  image: FakeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  readonly clickListeners: (() => void)[] = [];
  destroyed = false;
  constructor(image: FakeImage) {
    this.image = image;
  }
  setImage(image: FakeImage): void {
    this.calls.push(`setImage ${image.state}`);
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.calls.push('setToolTip');
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.calls.push('setContextMenu');
    this.menu = menu;
  }
  on(event: 'click', listener: () => void): this {
    assert.equal(event, 'click');
    this.clickListeners.push(listener);
    return this;
  }
  destroy(): void {
    this.calls.push('destroy');
    this.destroyed = true;
  }
  /** Clicks the menu item with this id, the way Electron would. */
  clickItem(id: string): void {
    const item = this.menu?.template.find((i) => i.id === id);
    assert.ok(item, `no menu item ${id}`);
    assert.notEqual(item.enabled, false, `${id} is disabled`);
    assert.ok(item.click, `${id} has no click handler`);
    item.click();
  }
}

const images = Object.fromEntries((['ok', 'warning', 'error', 'paused', 'busy'] as const).map((s) => [s, { state: s }])) as Record<
  TrayIconState,
  FakeImage
>;

function setup(options: { actions?: Partial<TrayActions> } = {}) {
  const trays: FakeTray[] = [];
  const calls: string[] = [];
  const errors: unknown[] = [];
  const actions: TrayActions = {
    open: () => calls.push('open'),
    renewAll: () => calls.push('renewAll'),
    setPaused: (p) => calls.push(`setPaused ${p}`),
    setLaunchAtLogin: (on) => calls.push(`setLaunchAtLogin ${on}`),
    quit: () => calls.push('quit'),
    ...options.actions,
  };
  let builds = 0;
  const controller = createTrayController<FakeImage, FakeMenu>({
    createTray: (image) => {
      const tray = new FakeTray(image);
      trays.push(tray);
      return tray;
    },
    buildMenu: (template) => (builds++, { template }),
    images,
    actions,
    onError: (e) => errors.push(e),
  });
  return { controller, trays, calls, errors, tray: () => trays[0]!, builds: () => builds };
}

const view = (fields: Partial<RenewalView> = {}): RenewalView => ({
  certificateId: 'c',
  names: ['example.com'],
  health: 'ok',
  autoRenew: true,
  renewAt: null,
  nextCheckAt: null,
  reason: '',
  notAfter: '2027-01-01T00:00:00Z',
  failures: 0,
  lastError: null,
  warnings: [],
  inFlight: false,
  deployPending: false,
  directoryUrl: null,
  backupDirectoryUrl: null,
  served: null,
  ...fields,
});
const model = (fields: Partial<TrayModelInput> = {}): TrayModel =>
  trayModel({ views: [view()], paused: false, running: false, launchAtLogin: false, now: new Date('2026-11-01T00:00:00Z'), ...fields });

test('the first update creates the tray with the model’s icon, tooltip and menu', () => {
  const { controller, trays, tray } = setup();
  assert.equal(trays.length, 0, 'no tray before there is something to show');
  const m = model({ views: [view({ health: 'error' })] });
  controller.update(m);
  assert.equal(trays.length, 1);
  assert.deepEqual(tray().image, { state: 'error' });
  assert.equal(tray().tooltip, m.tooltip);
  assert.deepEqual(
    tray().menu!.template.map((i) => i.id ?? i.type),
    m.menu.map((i) => (i.type === 'separator' ? 'separator' : i.id)),
  );
});

test('the template is what Menu.buildFromTemplate expects', () => {
  const { controller, tray } = setup();
  controller.update(model({ launchAtLogin: true }));
  const t = tray().menu!.template;
  assert.deepEqual(
    t.map(({ click, ...rest }) => ({ ...rest, click: typeof click })),
    [
      { id: 'status', label: '1 certificate', type: 'normal', enabled: false, click: 'undefined' },
      { type: 'separator', click: 'undefined' },
      { id: 'open', label: 'Open PersistCert', type: 'normal', enabled: true, click: 'function' },
      { id: 'renew-all', label: 'Renew all now', type: 'normal', enabled: true, click: 'function' },
      { id: 'pause', label: 'Pause renewals', type: 'normal', enabled: true, click: 'function' },
      { id: 'launch-at-login', label: 'Launch at login', type: 'checkbox', enabled: true, checked: true, click: 'function' },
      { type: 'separator', click: 'undefined' },
      { id: 'quit', label: 'Quit PersistCert', type: 'normal', enabled: true, click: 'function' },
    ],
  );
});

const clickCases: { item: string; input: Partial<TrayModelInput>; action: string }[] = [
  { item: 'open', input: {}, action: 'open' },
  { item: 'renew-all', input: {}, action: 'renewAll' },
  { item: 'pause', input: {}, action: 'setPaused true' },
  { item: 'resume', input: { paused: true }, action: 'setPaused false' },
  { item: 'launch-at-login', input: { launchAtLogin: false }, action: 'setLaunchAtLogin true' },
  { item: 'launch-at-login', input: { launchAtLogin: true }, action: 'setLaunchAtLogin false' },
  { item: 'quit', input: {}, action: 'quit' },
];
for (const c of clickCases) {
  test(`clicking ${c.item} (${JSON.stringify(c.input)}) calls ${c.action}`, () => {
    const { controller, tray, calls } = setup();
    controller.update(model(c.input));
    tray().clickItem(c.item);
    assert.deepEqual(calls, [c.action]);
  });
}

test('clicking the icon itself opens the window', () => {
  const { controller, tray, calls } = setup();
  controller.update(model());
  assert.equal(tray().clickListeners.length, 1);
  tray().clickListeners[0]!();
  assert.deepEqual(calls, ['open']);
});

test('update changes image, tooltip and menu, and only what changed', () => {
  const { controller, tray, builds } = setup();
  controller.update(model());
  assert.equal(builds(), 1);
  tray().calls.length = 0;

  controller.update(model());
  assert.deepEqual(tray().calls, [], 'the same model again changes nothing');

  controller.update(model({ running: true }));
  assert.deepEqual(tray().calls, ['setImage busy', 'setToolTip', 'setContextMenu']);
  assert.match(tray().tooltip, /renewing now/);
  assert.equal(tray().menu!.template.find((i) => i.id === 'renew-all')!.enabled, false);
  tray().calls.length = 0;

  controller.update(model({ views: [view({ health: 'warning' })] }));
  assert.deepEqual(tray().image, { state: 'warning' });
  assert.ok(tray().calls.includes('setImage warning'));

  tray().calls.length = 0;
  controller.update(model({ views: [view({ health: 'warning' })], launchAtLogin: true }));
  assert.deepEqual(tray().calls, ['setContextMenu'], 'a menu-only change rebuilds only the menu');
  assert.equal(builds(), 4);
});

test('the menu reflects the latest model: pause becomes resume', () => {
  const { controller, tray, calls } = setup();
  controller.update(model());
  controller.update(model({ paused: true }));
  assert.equal(
    tray().menu!.template.find((i) => i.id === 'pause'),
    undefined,
  );
  tray().clickItem('resume');
  assert.deepEqual(calls, ['setPaused false']);
});

test('a failing action is reported, sync or async, and does not escape the click', async () => {
  const { controller, tray, errors } = setup({
    actions: {
      renewAll: () => {
        throw new Error('sync');
      },
      // An async action typed as void: its rejection must not go unhandled.
      open: (() => Promise.reject(new Error('async'))) as () => void,
    },
  });
  controller.update(model());
  tray().clickItem('renew-all');
  tray().clickItem('open');
  await settle();
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['sync', 'async'],
  );
});

test('destroy removes the tray once; later updates do nothing', () => {
  const { controller, trays, tray } = setup();
  controller.update(model());
  controller.destroy();
  controller.destroy();
  assert.equal(tray().calls.filter((c) => c === 'destroy').length, 1);
  controller.update(model({ running: true }));
  assert.equal(trays.length, 1, 'no new tray after destroy');
  assert.ok(!tray().calls.includes('setImage busy'));
});

test('destroy before any update is harmless', () => {
  const { controller, trays } = setup();
  controller.destroy();
  controller.update(model());
  assert.equal(trays.length, 0);
});
