import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BindZone } from '../../env/bind.ts';
import type { PebbleInstance } from '../../env/pebble.ts';
import { DEFAULT_SETTINGS, saveSettings } from '../../../electron/core/app/settings.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { startCliWorld, type CliWorld } from './cli-world.ts';
import { runCli } from './run-cli.ts';

// `persistcert daemon` keeps only the schedule in its long-lived process; each pass runs in a
// process of its own. Checked on the real bundle against Pebble validating records in BIND: a due
// certificate is renewed by the daemon, and the daemon's own process never loaded the store's
// SQLite, the keychain addon, TLS or HTTPS (its memory maps and Node's list of loaded modules);
// the pass's notice still reaches the log and the webhook.
const root = path.resolve(import.meta.dirname, '../../..');
const bundle = path.join(root, 'dist', 'cli', 'persistcert.cjs');
let dns: BindZone;
let pebble: PebbleInstance;
let flags: string[];
let accountUrl: string;
let world: CliWorld | undefined;

before(async () => {
  assert.ok(existsSync(bundle), `the CLI bundle is built (${bundle}); npm test builds it first`);
  world = await startCliWorld({ prefix: 'daemon-pass' });
  ({ dns, pebble, flags, accountUrl } = world);
});
after(async () => {
  await world?.stop();
});

/** Loaded before the CLI: on SIGUSR2 the process writes what it has loaded (its pass processes inherit it, unused). */
function probe(): { preload: string; report: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'daemon-probe-'));
  const preload = path.join(dir, 'probe.mjs');
  const report = path.join(dir, 'loaded.json');
  writeFileSync(
    preload,
    `import { readFileSync, writeFileSync } from 'node:fs';
process.on('SIGUSR2', () => writeFileSync(${JSON.stringify(report)}, JSON.stringify({ modules: process.moduleLoadList, maps: readFileSync('/proc/self/maps', 'utf8') })));
`,
  );
  return { preload, report };
}

test(
  'the daemon renews a due certificate in a pass process; its own process loads no SQLite, keychain, TLS or ACME code',
  { timeout: 120_000 },
  async () => {
    const name = 'due.daemon.example.test';
    await dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);
    const issued = await runCli(['issue', '-d', name, '--json', ...flags]);
    assert.equal(issued.code, 0, issued.stderr);
    const id = JSON.parse(issued.stdout)[0].id as string;
    const dataDir = flags[flags.indexOf('--data-dir') + 1]!;
    const store = await openStore(dataDir);
    const chainPem = store.certificate(id)!.chainPem;
    store.close();
    const now = Date.now();
    // RFC 9773 §4.2: a window that has passed makes the certificate due now.
    await pebble.setRenewalInfo(chainPem, {
      suggestedWindow: { start: new Date(now - 2 * 86_400_000).toISOString(), end: new Date(now - 86_400_000).toISOString() },
    });

    // A success notice (asked for in settings) goes to a webhook receiver on loopback.
    await saveSettings(dataDir, { ...DEFAULT_SETTINGS, notifyOnSuccess: true });
    const received: { event: string; names: string[] }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;

    const { preload, report } = probe();
    const daemon = spawn(process.execPath, ['--import', preload, bundle, 'daemon', '--webhook', hookUrl, ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    daemon.stdout.on('data', (d: Buffer) => (out += d.toString()));
    daemon.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => daemon.on('exit', (code) => r(code)));
    let loaded: { modules: string[]; maps: string };
    try {
      for (let i = 0; i < 1200 && !/next wake-up/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, /renewed/, 'the first pass renewed the due certificate');
      assert.match(out, /next wake-up: \d{4}-/, 'and planned the next one');
      daemon.kill('SIGUSR2');
      for (let i = 0; i < 200 && !existsSync(report); i++) await new Promise((r) => setTimeout(r, 25));
      loaded = JSON.parse(readFileSync(report, 'utf8'));
    } finally {
      daemon.kill('SIGTERM');
      hook.close();
    }
    assert.equal(await exited, 0, out);
    assert.match(out, /\[info\] Certificate renewed: due\.daemon\.example\.test/, 'the success notice is in the log');
    assert.deepEqual(
      received.map((n) => [n.event, n.names]),
      [['success', [name]]],
      'and was posted to the webhook',
    );

    const after = await openStore(dataDir);
    const line = after.snapshot.certificates.filter((c) => c.names.includes(name));
    after.close();
    assert.equal(line.length, 2, 'the old certificate and its renewal');
    assert.equal(line.filter((c) => c.status === 'valid').length, 1);

    // The renewal needed SQLite (libsql's addon) and TLS; the daemon's process has neither.
    const addons = loaded.maps.split('\n').filter((l) => /\.node$/.test(l.trim()));
    assert.deepEqual(addons, [], 'no native addon (libsql, keyring) is mapped in the daemon');
    const heavy = loaded.modules.filter((m) => /^NativeModule (tls|https|_tls_wrap|_tls_common|http2)$/.test(m));
    assert.deepEqual(heavy, [], 'no TLS or HTTPS module loaded in the daemon');
    // The check can fail: this test's process opened the store, and the addon shows in its maps.
    assert.match(readFileSync('/proc/self/maps', 'utf8'), /libsql.*\.node/);
  },
);

test('a webhook URL the daemon cannot use ends it at its first pass with exit 2 and what to fix', { timeout: 60_000 }, async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'daemon-hook-')), 'data');
  const daemon = spawn(process.execPath, [bundle, 'daemon', '--webhook', 'ftp://hooks.example.test/x', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  daemon.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => daemon.on('exit', (c) => r(c)));
  assert.equal(code, 2, err);
  assert.match(err, /--webhook: The webhook URL must start with https:\/\//);
});
