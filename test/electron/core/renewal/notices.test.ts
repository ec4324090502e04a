import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  certificateLabel,
  EXPIRY_WARNING_PREFIX,
  noticesForOutcome,
  PERSIST_UNTIL_WARNING_PREFIX,
  WarningDeduper,
  warningKind,
  type Notice,
} from '../../../../electron/core/renewal/notices.ts';
import { earlyWarnings } from '../../../../electron/core/renewal/schedule.ts';
import type { RenewalOutcomeView, RenewalView } from '../../../../shared/api/views.ts';

const H = 3_600_000;
const t0 = new Date('2026-11-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function outcome(fields: Partial<RenewalOutcomeView>): RenewalOutcomeView {
  return { certificateId: 'cert-1', names: ['example.com', 'www.example.com'], action: 'not-due', message: 'm', warnings: [], ...fields };
}

function view(fields: Partial<RenewalView>): RenewalView {
  return {
    certificateId: 'cert-1',
    names: ['example.com'],
    health: 'ok',
    autoRenew: true,
    renewAt: null,
    nextCheckAt: null,
    reason: '',
    notAfter: at(60 * 24 * H).toISOString(),
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

const persistWarning = `${PERSIST_UNTIL_WARNING_PREFIX} renewals on 2026-11-20 (persistUntil); publish it again with a later date`;
const expiryWarning = `${EXPIRY_WARNING_PREFIX} on 2026-11-05`;

const outcomeCases: {
  what: string;
  outcome: Partial<RenewalOutcomeView>;
  notifyOnSuccess: boolean;
  want: Pick<Notice, 'kind' | 'level'>[];
  title?: RegExp;
  body?: RegExp[];
}[] = [
  {
    what: 'a failure is an error with message and fix',
    outcome: { action: 'failed', message: 'The CA refused the order', fix: 'Publish the DNS record again' },
    notifyOnSuccess: false,
    want: [{ kind: 'failure', level: 'error' }],
    title: /^Renewal failed: example\.com and 1 more$/,
    body: [/The CA refused the order/, /Publish the DNS record again/],
  },
  {
    what: 'a failure without a fix',
    outcome: { action: 'failed', message: 'Timed out' },
    notifyOnSuccess: true,
    want: [{ kind: 'failure', level: 'error' }],
    body: [/^Timed out$/],
  },
  {
    what: 'a failed deploy is an error',
    outcome: { action: 'deploy-failed', message: 'nginx -s reload exited with 1', fix: 'Check the command' },
    notifyOnSuccess: false,
    want: [{ kind: 'deploy-failed', level: 'error' }],
    body: [/exited with 1/, /Check the command/],
  },
  {
    what: 'a renewal, successes wanted',
    outcome: { action: 'renewed', message: 'Renewed' },
    notifyOnSuccess: true,
    want: [{ kind: 'success', level: 'info' }],
    title: /^Certificate renewed: /,
  },
  { what: 'a renewal, successes not wanted', outcome: { action: 'renewed' }, notifyOnSuccess: false, want: [] },
  {
    what: 'a failover renewal is announced even when successes are not wanted',
    outcome: { action: 'renewed', failover: true, message: 'Three attempts at the primary CA failed' },
    notifyOnSuccess: false,
    want: [{ kind: 'failover', level: 'warning' }],
    title: /backup CA/,
    body: [/renewed from the backup CA because/, /Three attempts at the primary CA failed/],
  },
  {
    what: 'a failover renewal with successes wanted: one notice, not two',
    outcome: { action: 'renewed', failover: true },
    notifyOnSuccess: true,
    want: [{ kind: 'failover', level: 'warning' }],
  },
  {
    what: 'a retried deploy that worked, successes wanted',
    outcome: { action: 'deployed' },
    notifyOnSuccess: true,
    want: [{ kind: 'success', level: 'info' }],
  },
  { what: 'a retried deploy that worked, successes not wanted', outcome: { action: 'deployed' }, notifyOnSuccess: false, want: [] },
  ...(['not-due', 'busy', 'paused'] as const).flatMap((action) =>
    [true, false].map((notifyOnSuccess) => ({
      what: `${action} (notifyOnSuccess ${notifyOnSuccess})`,
      outcome: { action },
      notifyOnSuccess,
      want: [],
    })),
  ),
];

for (const c of outcomeCases) {
  test(`noticesForOutcome: ${c.what}`, () => {
    const notices = noticesForOutcome(outcome(c.outcome), { notifyOnSuccess: c.notifyOnSuccess });
    assert.deepEqual(
      notices.map((n) => ({ kind: n.kind, level: n.level })),
      c.want,
    );
    for (const n of notices) {
      assert.equal(n.certificateId, 'cert-1');
      assert.deepEqual(n.names, ['example.com', 'www.example.com']);
      if (c.title) assert.match(n.title, c.title);
      for (const b of c.body ?? []) assert.match(n.body, b);
    }
  });
}

test('certificateLabel', () => {
  assert.equal(certificateLabel(['a.example']), 'a.example');
  assert.equal(certificateLabel(['a.example', 'b.example', 'c.example']), 'a.example and 2 more');
  assert.equal(certificateLabel([]), 'a certificate');
});

test('the prefixes match the warnings the scheduler writes', () => {
  const now = at(0);
  const [persist, expiry] = earlyWarnings({ notAfter: at(3 * 24 * H), persistUntil: at(10 * 24 * H), now });
  assert.equal(warningKind(persist!), 'persist-until');
  assert.equal(warningKind(expiry!), 'expiry');
  assert.equal(warningKind('A deploy is waiting to be retried'), null);
});

test('warnings become notices, one per kind per certificate', () => {
  const deduper = new WarningDeduper();
  const notices = deduper.noticesForViews(
    [
      view({
        certificateId: 'a',
        names: ['a.example'],
        warnings: [persistWarning, expiryWarning, `${EXPIRY_WARNING_PREFIX} soon (again)`, 'A deploy is waiting'],
      }),
      view({ certificateId: 'b', names: ['b.example'], warnings: [] }),
      view({ certificateId: 'c', names: ['c.example'], warnings: [expiryWarning] }),
    ],
    at(0),
  );
  assert.deepEqual(
    notices.map((n) => [n.certificateId, n.kind, n.level]),
    [
      ['a', 'persist-until', 'warning'],
      ['a', 'expiry', 'warning'],
      ['c', 'expiry', 'warning'],
    ],
  );
  assert.equal(notices[0]!.body, persistWarning);
  assert.match(notices[0]!.title, /a\.example/);
});

test('a warning is repeated after 24 hours, not before; each certificate and kind on its own clock', () => {
  const deduper = new WarningDeduper();
  const views = (warnings: Record<string, string[]>) => Object.entries(warnings).map(([id, w]) => view({ certificateId: id, warnings: w }));
  const kinds = (ns: Notice[]) => ns.map((n) => `${n.certificateId}:${n.kind}`);

  assert.deepEqual(kinds(deduper.noticesForViews(views({ a: [persistWarning] }), at(0))), ['a:persist-until']);
  assert.deepEqual(kinds(deduper.noticesForViews(views({ a: [persistWarning] }), at(1 * H))), []);
  // A new kind for a, and a new certificate, are not held back by a's persist-until notice.
  assert.deepEqual(kinds(deduper.noticesForViews(views({ a: [persistWarning, expiryWarning], b: [persistWarning] }), at(2 * H))), [
    'a:expiry',
    'b:persist-until',
  ]);
  assert.deepEqual(kinds(deduper.noticesForViews(views({ a: [persistWarning, expiryWarning], b: [persistWarning] }), at(24 * H - 1))), []);
  assert.deepEqual(kinds(deduper.noticesForViews(views({ a: [persistWarning, expiryWarning], b: [persistWarning] }), at(24 * H))), [
    'a:persist-until',
  ]);
  assert.deepEqual(kinds(deduper.noticesForViews(views({ a: [persistWarning, expiryWarning], b: [persistWarning] }), at(26 * H))), [
    'a:expiry',
    'b:persist-until',
  ]);
});

test('a clock set back does not silence warnings until it catches up', () => {
  const deduper = new WarningDeduper();
  assert.equal(deduper.noticesForViews([view({ warnings: [expiryWarning] })], at(100 * H)).length, 1);
  assert.equal(deduper.noticesForViews([view({ warnings: [expiryWarning] })], at(0)).length, 1);
});

test('admit applies the same limit to any notice', () => {
  const deduper = new WarningDeduper();
  assert.equal(deduper.admit({ certificateId: 'x', kind: 'failure' }, at(0)), true);
  assert.equal(deduper.admit({ certificateId: 'x', kind: 'failure' }, at(H)), false);
  assert.equal(deduper.admit({ certificateId: 'x', kind: 'deploy-failed' }, at(H)), true);
});

test('the memory survives toJSON and fromJSON (through JSON text)', () => {
  const first = new WarningDeduper();
  first.noticesForViews([view({ certificateId: 'a', warnings: [persistWarning] })], at(0));
  const restored = WarningDeduper.fromJSON(JSON.parse(JSON.stringify(first)));
  assert.deepEqual(restored.toJSON(), first.toJSON());
  assert.deepEqual(restored.toJSON(), { sent: [{ certificateId: 'a', kind: 'persist-until', at: at(0).toISOString() }] });
  assert.equal(restored.noticesForViews([view({ certificateId: 'a', warnings: [persistWarning] })], at(H)).length, 0);
  assert.equal(restored.noticesForViews([view({ certificateId: 'a', warnings: [persistWarning] })], at(25 * H)).length, 1);
});

test('old entries are dropped, so the state does not grow forever', () => {
  const deduper = new WarningDeduper();
  for (let i = 0; i < 50; i++) deduper.noticesForViews([view({ certificateId: `c${i}`, warnings: [expiryWarning] })], at(i * 25 * H));
  assert.equal(deduper.toJSON().sent.length, 1);
});

const badState: { what: string; data: unknown }[] = [
  { what: 'null', data: null },
  { what: 'a string', data: 'x' },
  { what: 'no list', data: { sent: 3 } },
  { what: 'an unknown kind', data: { sent: [{ certificateId: 'a', kind: 'nope', at: t0.toISOString() }] } },
  { what: 'a bad date', data: { sent: [{ certificateId: 'a', kind: 'expiry', at: 'yesterday-ish' }] } },
  { what: 'a null entry', data: { sent: [null] } },
];
for (const c of badState) {
  test(`fromJSON skips what it cannot read: ${c.what}`, () => {
    const deduper = WarningDeduper.fromJSON(c.data);
    assert.deepEqual(deduper.toJSON(), { sent: [] });
    assert.equal(deduper.noticesForViews([view({ certificateId: 'a', warnings: [expiryWarning] })], at(0)).length, 1);
  });
}

test('notices carry only what the views hold', () => {
  const n = noticesForOutcome(outcome({ action: 'failed', message: 'msg', fix: 'fix' }), { notifyOnSuccess: false })[0]!;
  assert.deepEqual(Object.keys(n).sort(), ['body', 'certificateId', 'kind', 'level', 'names', 'title']);
});

const servedCases: {
  what: string;
  served: RenewalView['served'];
  health: RenewalView['health'];
  want: Pick<Notice, 'kind' | 'level'>[];
  body?: RegExp;
}[] = [
  {
    what: 'every server serves it: no notice',
    served: { at: t0.toISOString(), results: [{ endpoint: 'a:443', status: 'serving', detail: 'serves this certificate' }] },
    health: 'ok',
    want: [],
  },
  { what: 'never verified: no notice', served: null, health: 'ok', want: [] },
  {
    what: 'a server still on the old certificate: a warning with the fix',
    served: {
      at: t0.toISOString(),
      results: [
        { endpoint: 'a:443', status: 'serving', detail: 'ok' },
        { endpoint: 'b:443', status: 'old-certificate', detail: 'still serves the previous certificate', fix: 'reload it' },
      ],
    },
    health: 'warning',
    want: [{ kind: 'not-served', level: 'warning' }],
    body: /^b:443 still serves the previous certificate\nreload it$/,
  },
  {
    what: 'a day later still old (health error): an error',
    served: { at: t0.toISOString(), results: [{ endpoint: 'b:443', status: 'old-certificate', detail: 'old', fix: 'reload it' }] },
    health: 'error',
    want: [{ kind: 'not-served', level: 'error' }],
  },
];
for (const c of servedCases) {
  test(`served: ${c.what}`, () => {
    const notices = new WarningDeduper().noticesForViews([view({ served: c.served, health: c.health })], t0);
    assert.deepEqual(
      notices.map((n) => ({ kind: n.kind, level: n.level })),
      c.want,
    );
    if (c.body) assert.match(notices[0]!.body, c.body);
  });
}
