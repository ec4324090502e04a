import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { fileKeystoreFlags, runCli } from './run-cli.ts';

// kill -9 in the middle of a batched `issue`, through the real CLI bundle: the SQLite store always
// opens, no certificate stored before a kill is lost, and every stored certificate's key opens.
// Pebble validates everything here (always-valid): the subject is the store, not validation.
const root = path.resolve(import.meta.dirname, '../../..');
const bundle = path.join(root, 'dist', 'cli', 'persistcert.cjs');
const ROUNDS = 20;
const BATCH = 6;
let pebble: PebbleInstance;
let flags: string[];
let dataDir: string;

before(async () => {
  assert.ok(existsSync(bundle), `the CLI bundle is built (${bundle}); npm test builds it first`);
  pebble = await startPebble({ env: { PEBBLE_VA_ALWAYS_VALID: '1' } });
  dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'issue-crash-')), 'data');
  flags = ['--data-dir', dataDir, '--ca', pebble.directoryUrl, '--ca-bundle', pebble.caBundlePath, ...fileKeystoreFlags(dataDir)];
  const created = await runCli(['account', 'create', '--agree-tos', ...flags]);
  assert.equal(created.code, 0, created.stderr);
});
after(async () => {
  await pebble?.stop();
});

type Kill = { afterMs: number } | { afterStored: number };

/**
 * Runs a batch in a child and kills it: after a time, or as soon as the store holds `afterStored`
 * more certificates than before (so some kills surely land between stores, however fast the machine).
 * Without `kill`, the batch runs to the end.
 */
async function batch(round: number, kill?: Kill): Promise<{ code: number | null; ms: number }> {
  const certs = Array.from({ length: BATCH }, (_, i) => ['--cert', `r${round}-${i}.crash.example.test`]).flat();
  const watcher = kill && 'afterStored' in kill ? await openStore(dataDir) : undefined;
  const before = watcher?.snapshot.certificates.length ?? 0;
  const started = Date.now();
  const child = spawn(process.execPath, [bundle, 'issue', ...certs, '--no-precheck', '--parallel', '3', ...flags], { stdio: 'ignore' });
  let running = true;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => ((running = false), resolve(code))));
  if (kill && 'afterMs' in kill) setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
  if (watcher && kill && 'afterStored' in kill) {
    while (running && (await watcher.reload()).certificates.length - before < kill.afterStored) await delay(2);
    child.kill('SIGKILL');
    watcher.close();
  }
  const code = await exited;
  return { code, ms: Date.now() - started };
}

test(`kill -9 during a batched issue, ${ROUNDS} times: the store always opens, nothing stored is lost, every key opens`, async () => {
  const whole = await batch(-1);
  assert.equal(whole.code, 0, 'a batch that is left alone succeeds');
  const stored = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    // Odd rounds: spread over the whole run (start-up, orders, finalizing). Even rounds: right after
    // the child stored its 1st…5th certificate, while the others are in flight.
    const kill: Kill =
      round % 2 === 0
        ? { afterStored: 1 + ((round / 2) % (BATCH - 1)) }
        : { afterMs: Math.round(whole.ms * (0.2 + (0.9 * ((round * 7) % ROUNDS)) / ROUNDS)) };
    await batch(round, kill);
    const store = await openStore(dataDir); // throws if a write was torn
    const now = store.snapshot.certificates;
    for (const id of stored) assert.ok(store.certificate(id), `round ${round}: certificate ${id} is still there`);
    for (const c of now) stored.add(c.id);
    store.close();
  }
  assert.ok(stored.size > BATCH, 'some kills landed after certificates were stored');
  // Every stored certificate's key decrypts: export them all through the CLI.
  const list = JSON.parse((await runCli(['list', '--json', ...flags])).stdout) as { id: string }[];
  assert.equal(list.length, stored.size);
  const out = mkdtempSync(path.join(tmpdir(), 'issue-crash-export-'));
  for (const c of list) {
    const r = await runCli(['export', c.id, '--format', 'pem', '--out', path.join(out, c.id), ...flags]);
    assert.equal(r.code, 0, `${c.id}: ${r.stderr}`);
  }
  assert.deepEqual(
    readdirSync(dataDir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temp files left by killed writers',
  );
});
