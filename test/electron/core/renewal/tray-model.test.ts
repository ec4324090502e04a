import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOOLTIP_MAX, trayModel, type TrayIconState, type TrayModelInput } from '../../../../electron/core/renewal/tray-model.ts';
import type { RenewalView } from '../../../../shared/api/views.ts';

const now = new Date('2026-11-01T00:00:00Z');
const formatTime = (at: Date) => at.toISOString().slice(0, 16);

let n = 0;
function view(fields: Partial<RenewalView> = {}): RenewalView {
  return {
    certificateId: `cert-${++n}`,
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
  };
}
const input = (fields: Partial<TrayModelInput>): TrayModelInput => ({
  views: [],
  paused: false,
  running: false,
  launchAtLogin: false,
  now,
  formatTime,
  ...fields,
});

const ok = view();
const warning = view({ health: 'warning' });
const error = view({ health: 'error' });

const iconCases: { what: string; input: Partial<TrayModelInput>; icon: TrayIconState }[] = [
  { what: 'no certificates', input: {}, icon: 'ok' },
  { what: 'all ok', input: { views: [ok, ok] }, icon: 'ok' },
  { what: 'one warning', input: { views: [ok, warning] }, icon: 'warning' },
  { what: 'an error beats a warning', input: { views: [warning, error, ok] }, icon: 'error' },
  { what: 'paused beats ok', input: { views: [ok], paused: true }, icon: 'paused' },
  { what: 'paused beats a warning', input: { views: [warning], paused: true }, icon: 'paused' },
  { what: 'paused does not hide an error', input: { views: [error], paused: true }, icon: 'error' },
  { what: 'busy while running, even over an error', input: { views: [error], running: true }, icon: 'busy' },
  { what: 'busy while running when paused (a manual run)', input: { views: [ok], running: true, paused: true }, icon: 'busy' },
];
for (const c of iconCases) {
  test(`icon: ${c.what}`, () => {
    assert.equal(trayModel(input(c.input)).icon, c.icon);
  });
}

const tooltipCases: { what: string; input: Partial<TrayModelInput>; tooltip: string }[] = [
  { what: 'nothing yet', input: {}, tooltip: 'PersistCert: No certificates yet' },
  {
    what: 'the earliest renewal among certificates renewed unattended',
    input: {
      views: [
        view({ renewAt: '2026-11-20T10:00:00Z' }),
        view({ renewAt: '2026-11-05T14:00:00Z' }),
        view({ renewAt: '2026-11-02T00:00:00Z', autoRenew: false }),
        view({ renewAt: null }),
      ],
    },
    tooltip: 'PersistCert: 4 certificates, next renewal 2026-11-05T14:00',
  },
  {
    what: 'one certificate, overdue',
    input: { views: [view({ renewAt: '2026-10-31T00:00:00Z' })] },
    tooltip: 'PersistCert: 1 certificate, renewal due now',
  },
  { what: 'one failing', input: { views: [error, ok] }, tooltip: 'PersistCert: 2 certificates, 1 renewal failing' },
  {
    what: 'several failing',
    input: { views: [error, error, warning] },
    tooltip: 'PersistCert: 3 certificates, 2 renewals failing, 1 needs attention',
  },
  { what: 'two need attention', input: { views: [warning, warning] }, tooltip: 'PersistCert: 2 certificates, 2 need attention' },
  {
    what: 'paused: no next renewal',
    input: { views: [view({ renewAt: '2026-11-05T14:00:00Z' })], paused: true },
    tooltip: 'PersistCert: 1 certificate, renewals paused',
  },
  {
    what: 'running',
    input: { views: [view({ renewAt: '2026-11-05T14:00:00Z' })], running: true },
    tooltip: 'PersistCert: 1 certificate, renewing now',
  },
];
for (const c of tooltipCases) {
  test(`tooltip: ${c.what}`, () => {
    const model = trayModel(input(c.input));
    assert.equal(model.tooltip, c.tooltip);
    // The status line says the same without the app name (Linux trays show no tooltip).
    assert.equal(model.menu[0]!.label, c.tooltip.replace(/^PersistCert: /, ''));
  });
}

test('the tooltip fits Windows’ 127 characters', () => {
  const model = trayModel(input({ views: [view({ renewAt: '2026-11-05T14:00:00Z' })], formatTime: () => 'x'.repeat(300) }));
  assert.equal(model.tooltip.length, TOOLTIP_MAX);
  assert.ok(model.tooltip.endsWith('…'));
});

test('the default time format names the date', () => {
  const model = trayModel({ views: [view({ renewAt: '2026-11-05T14:00:00Z' })], paused: false, running: false, launchAtLogin: false, now });
  assert.match(model.tooltip, /next renewal .*5/);
});

const menuCases: { what: string; input: Partial<TrayModelInput>; menu: string[] }[] = [
  {
    what: 'the usual menu',
    input: { views: [ok] },
    menu: ['status -', 'separator', 'open +', 'renew-all +', 'pause +', 'launch-at-login + [ ]', 'separator', 'quit +'],
  },
  {
    what: 'paused offers resume; launch at login is ticked',
    input: { views: [ok], paused: true, launchAtLogin: true },
    menu: ['status -', 'separator', 'open +', 'renew-all +', 'resume +', 'launch-at-login + [x]', 'separator', 'quit +'],
  },
  {
    what: 'renew all is off while running',
    input: { views: [ok], running: true },
    menu: ['status -', 'separator', 'open +', 'renew-all -', 'pause +', 'launch-at-login + [ ]', 'separator', 'quit +'],
  },
  {
    what: 'renew all is off without certificates',
    input: { views: [] },
    menu: ['status -', 'separator', 'open +', 'renew-all -', 'pause +', 'launch-at-login + [ ]', 'separator', 'quit +'],
  },
];
for (const c of menuCases) {
  test(`menu: ${c.what}`, () => {
    const menu = trayModel(input(c.input)).menu;
    const shape = menu.map((i) =>
      i.type === 'separator'
        ? 'separator'
        : `${i.id} ${i.enabled ? '+' : '-'}${i.type === 'checkbox' ? ` [${i.checked ? 'x' : ' '}]` : ''}`,
    );
    assert.deepEqual(shape, c.menu);
    for (const i of menu) if (i.type !== 'separator') assert.ok(i.label.length > 0, i.id);
  });
}

test('labels of the actions', () => {
  const labels = Object.fromEntries(trayModel(input({ views: [ok] })).menu.map((i) => [i.id, i.label]));
  assert.equal(labels.open, 'Open PersistCert');
  assert.equal(labels['renew-all'], 'Renew all now');
  assert.equal(labels.pause, 'Pause renewals');
  assert.equal(labels['launch-at-login'], 'Launch at login');
  assert.equal(trayModel(input({ views: [ok], paused: true })).menu.find((i) => i.id === 'resume')?.label, 'Resume renewals');
});
