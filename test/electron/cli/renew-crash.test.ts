import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { fileKeystoreFlags, runCli } from './run-cli.ts';

// Crash safety and "never twice" through the real CLI bundle in child processes: kill -9 in the
// middle of renewals, and the daemon racing `renew --all` for the same due certificate, against
// Pebble 2.10 validating records in BIND, with keys in the real Secret Service.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundle = path.join(root, 'dist', 'cli', 'persistcert.cjs');
let dns: BindZone;
let pebble: PebbleInstance;
let flags: string[];
let dataDir: string;
let accountUrl: string;

before(async () => {
  assert.ok(existsSync(bundle), `the CLI bundle is built (${bundle}); npm test builds it first`);
  dns = await startBind({ zone: 'example.test' });
  const s0 = dns.servers[0]!;
  // Validation sleeps 0 or 1 s (Pebble's VA sleep, max 2 s exclusive), so an order spends real
  // time in flight and the kills below land inside it, as they would against a real CA.
  pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}`, env: { PEBBLE_VA_NOSLEEP: '', PEBBLE_VA_SLEEPTIME: '2' } });
  dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'renew-crash-')), 'data');
  flags = [
    '--data-dir',
    dataDir,
    '--ca',
    pebble.directoryUrl,
    '--ca-bundle',
    pebble.caBundlePath,
    '--dns',
    `${s0.address}:${s0.port}`,
    '--auth-port',
    String(s0.port),
    ...fileKeystoreFlags(dataDir),
  ];
  const created = await runCli(['account', 'create', '--agree-tos', '--json', ...flags]);
  assert.equal(created.code, 0, created.stderr);
  accountUrl = JSON.parse(created.stdout).accountUrl;
});
after(async () => {
  await pebble?.stop();
  await dns?.stop();
});

const cli = (...args: string[]) => runCli([...args, ...flags]);
/** Pebble's own count of orders ("There are now N orders in the db"; its log is kept as a tail). */
const ordersCreated = () => Math.max(0, ...[...pebble.logs().matchAll(/There are now (\d+) orders in the db/g)].map((m) => Number(m[1])));

async function issue(name: string): Promise<string> {
  await dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);
  const r = await cli('issue', '-d', name, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout)[0].id;
}

function child(args: string[]): ChildProcess & { exited: Promise<number | null>; output: () => string } {
  const c = spawn(process.execPath, [bundle, ...args, ...flags], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let out = '';
  c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => c.on('exit', (code) => resolve(code)));
  return Object.assign(c, { exited, output: () => out });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('kill -9 during a renewal, 20 times: the store always loads, nothing is lost, and the next run finishes the same order', async () => {
  const name = 'crash.example.test';
  await issue(name);
  // How long a whole run takes here, so the kills can be spread over it.
  let runMs = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = Date.now();
    const whole = child(['renew', name, '--force']);
    assert.equal(await whole.exited, 0, whole.output());
    runMs = Math.max(runMs, Date.now() - t0);
  }
  const seen = new Set<string>();
  let finishedSameOrder = 0;
  let killedBeforeOrder = 0;
  for (let round = 0; round < 20; round++) {
    const run = child(['renew', name, '--force']);
    // Spread the kill over the whole run: start-up, pre-check, order, validation, finalize, store.
    await sleep(Math.round(runMs * (0.3 + (0.7 * ((round * 7) % 20)) / 20)));
    run.kill('SIGKILL');
    await run.exited;

    const store = await openStore(dataDir); // throws if a write was torn
    const certs = store.snapshot.certificates.filter((c) => c.names.includes(name));
    for (const id of seen)
      assert.ok(
        certs.some((c) => c.id === id),
        `round ${round}: certificate ${id} is still there`,
      );
    for (const c of certs) seen.add(c.id);
    const valid = certs.filter((c) => c.status === 'valid');
    assert.equal(valid.length, 1, `round ${round}: exactly one current certificate`);
    const inFlight = valid[0]!.renewal.inFlight;

    // The next (unforced) run: an order left in flight is due at once and is finished, not doubled.
    const before = ordersCreated();
    const next = await cli('renew', name, '--json');
    assert.equal(next.code, 0, `round ${round}: ${next.stderr}${next.stdout}`);
    const [outcome] = JSON.parse(next.stdout);
    if (inFlight?.orderUrl) {
      assert.equal(outcome.action, 'renewed', `round ${round}: ${outcome.message}`);
      assert.equal(outcome.resumed, true, `round ${round}: the order left in flight was resumed`);
      const renewed = (await openStore(dataDir)).certificate(outcome.newCertificateId)!;
      assert.equal(renewed.orderUrl, inFlight.orderUrl, `round ${round}: the same order`);
      assert.equal(renewed.id, inFlight.newCertificateId, `round ${round}: with the key sealed before the order`);
      assert.equal(ordersCreated(), before, `round ${round}: no new order`);
      finishedSameOrder++;
    } else if (inFlight) {
      assert.equal(outcome.action, 'renewed', `round ${round}: ${outcome.message}`);
      killedBeforeOrder++;
    }
  }
  // The kills must actually have landed in the window that matters, or this test proves nothing.
  assert.ok(
    finishedSameOrder >= 3,
    `only ${finishedSameOrder} of 20 kills left an order in flight (and ${killedBeforeOrder} a key without order)`,
  );
});

test('the daemon and `renew --all` started together on the same due certificate: exactly one order', async () => {
  for (let round = 0; round < 3; round++) {
    const name = `race${round}.example.test`;
    const id = await issue(name);
    const cert = (await openStore(dataDir)).certificate(id)!;
    const now = Date.now();
    await pebble.setRenewalInfo(cert.chainPem, {
      suggestedWindow: { start: new Date(now - 2 * 86_400_000).toISOString(), end: new Date(now - 86_400_000).toISOString() },
    });
    // Everything else is not due: make sure only this certificate can cause orders.
    const before = ordersCreated();
    const daemon = child(['daemon']);
    const cron = child(['renew', '--all']);
    const cronCode = await cron.exited;
    // Wait for the daemon's pass to finish (it logs its next wake-up after every pass).
    for (let i = 0; i < 200 && !/next wake-up/.test(daemon.output()); i++) await sleep(50);
    daemon.kill('SIGTERM');
    const daemonCode = await daemon.exited;
    assert.equal(daemonCode, 0, daemon.output());
    assert.ok(cronCode === 0 || cronCode === 1, `renew --all: exit ${cronCode}: ${cron.output()}`);
    const store = await openStore(dataDir);
    const line = store.snapshot.certificates.filter((c) => c.names.includes(name));
    assert.equal(line.filter((c) => c.status === 'valid').length, 1);
    assert.equal(
      line.length,
      2,
      `round ${round}: renewed once (${line.map((c) => c.status).join(', ')})\ndaemon: ${daemon.output()}\ncron: ${cron.output()}`,
    );
    assert.equal(ordersCreated() - before, 1, `round ${round}: exactly one order\ndaemon: ${daemon.output()}\ncron: ${cron.output()}`);
  }
});
