import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PropagationChecker } from '../../../../electron/core/dns/propagation.ts';
import { RECORD_DRIFT_WARNING_PREFIX, WarningDeduper } from '../../../../electron/core/renewal/notices.ts';
import { RECORD_WATCH_MS } from '../../../../electron/core/renewal/record-watch.ts';
import { renewalDeps } from '../../../../electron/core/renewal/renewal-deps.ts';
import { RenewalService } from '../../../../electron/core/renewal/renewal-service.ts';
import { RenewalScheduler } from '../../../../electron/core/renewal/scheduler.ts';
import { runCli } from '../../cli/run-cli.ts';
import { startRenewalWorld, type RenewalWorld } from './renewal-world.ts';

// The record watch, driven by the real scheduler on a fake clock, against Pebble (renewal
// information) and BIND (the records): a quiet day costs one look per name; a record deleted in
// BIND raises the drift warning (renew --status, the dashboard's views, a notice) within one
// watch interval; publishing it again clears it.
const HOUR = 3600_000;
const names = ['watch.example.test', 'www.watch.example.test'];
let w: RenewalWorld;
let scheduler: RenewalScheduler;
let service: RenewalService;
let certificateId: string;
/** Propagation checks (one per name per look) made by the renewal machinery. */
const looks: string[] = [];

before(async () => {
  w = await startRenewalWorld({ primary: 'pebble.letsencrypt.org' });
  for (const n of names) await w.publish(n, w.cas.primary!);
  certificateId = (await w.issue(w.cas.primary!, names)).id;
  const server = w.dns.servers[0]!;
  service = new RenewalService(
    renewalDeps(w.services, {
      dns: async () => {
        const checker = new PropagationChecker({ resolvers: [server], authoritativePort: server.port });
        const check = checker.check.bind(checker);
        checker.check = (q) => {
          looks.push(q.name);
          return check(q);
        };
        return { resolvers: [server], checker };
      },
      log: (line) => w.logs.push(line),
      clock: w.clock,
      random: Math.random,
    }),
  );
  w.clock.set(new Date());
  scheduler = new RenewalScheduler({ service, clock: w.clock, isPaused: async () => false, clockWatchMs: 60_000 });
  scheduler.start();
  await scheduler.idle();
});
after(async () => {
  await scheduler?.stop();
  await w?.stop();
});

/** Lets fake time pass in hour steps, each pass the scheduler starts running to its end. */
async function advance(ms: number): Promise<void> {
  const end = w.clock.now().getTime() + ms;
  while (w.clock.now().getTime() < end) {
    w.clock.advance(Math.min(HOUR, end - w.clock.now().getTime()));
    await scheduler.idle();
  }
}

const view = async () => (await service.overview()).find((v) => v.certificateId === certificateId)!;
const drift = (warnings: string[]) => warnings.filter((x) => x.startsWith(RECORD_DRIFT_WARNING_PREFIX));

test('a quiet day: the records are looked at once per name, batched in one pass, and nothing is reported', async () => {
  assert.deepEqual([...looks].sort(), [...names].sort(), 'looked at right after issuance');
  assert.equal(w.cert(certificateId).renewal.records?.ready, true);
  looks.length = 0;
  await advance(RECORD_WATCH_MS + HOUR);
  assert.deepEqual([...looks].sort(), [...names].sort(), 'one look per name in a day, however often renewal information was fetched');
  assert.deepEqual(drift((await view()).warnings), []);
});

test('a deleted record raises the drift warning within one watch interval; publishing it again clears it', async (t) => {
  await w.dns.deleteRecords('_validation-persist.www.watch.example.test.', 'TXT');
  const deletedAt = w.clock.now().getTime();
  let seenAfter: number | undefined;
  while (w.clock.now().getTime() - deletedAt < RECORD_WATCH_MS && seenAfter === undefined) {
    await advance(HOUR);
    if (drift((await view()).warnings).length) seenAfter = w.clock.now().getTime() - deletedAt;
  }
  assert.ok(seenAfter !== undefined && seenAfter <= RECORD_WATCH_MS, 'the drift warning came within one watch interval');
  t.diagnostic(`drift seen ${seenAfter! / HOUR} h after the deletion (watch interval ${RECORD_WATCH_MS / HOUR} h)`);
  const v = await view();
  assert.equal(v.health, 'warning');
  const [warning] = drift(v.warnings);
  assert.match(warning!, /_validation-persist\.www\.watch\.example\.test/);
  assert.match(warning!, /Publish it again at your DNS provider/);

  // The tray, notifications and webhook get it as a notice (once a day at most).
  const notices = new WarningDeduper().noticesForViews([v], w.clock.now());
  assert.deepEqual(
    notices.map((n) => [n.kind, n.title]),
    [['record-drift', 'The DNS record changed: watch.example.test and 1 more']],
  );
  // renew --status on the same data dir.
  const status = await runCli(['renew', '--status', '--json', '--data-dir', w.services.store.dataDir]);
  assert.equal(status.code, 0, status.stderr);
  const item = (JSON.parse(status.stdout) as { items: { certificateId: string; health: string; warnings: string[] }[] }).items.find(
    (i) => i.certificateId === certificateId,
  )!;
  assert.equal(item.health, 'warning');
  assert.equal(drift(item.warnings).length, 1, item.warnings.join('\n'));

  await w.publish('www.watch.example.test', w.cas.primary!);
  const publishedAt = w.clock.now().getTime();
  let clearedAfter: number | undefined;
  while (w.clock.now().getTime() - publishedAt < RECORD_WATCH_MS && clearedAfter === undefined) {
    await advance(HOUR);
    if (!drift((await view()).warnings).length) clearedAfter = w.clock.now().getTime() - publishedAt;
  }
  assert.ok(clearedAfter !== undefined, 'cleared within one watch interval');
  t.diagnostic(`cleared ${clearedAfter / HOUR} h after publishing again`);
  assert.equal((await view()).health, 'ok');
  assert.ok(
    w.logs.some((l) => /the published DNS record changed/.test(l)) && w.logs.some((l) => /the published DNS record is back/.test(l)),
    w.logs.join('\n'),
  );
});
