import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';
import { contextFor, makePki, tlsServer, type RunningServer } from '../core/verify/tls-fixtures.ts';

// Verification after each deploy, end to end: Pebble issues, the deploy writes PEM files, and a
// real TLS server on loopback reloads them on SIGHUP, as nginx does, when the deploy command
// tells it to. A deploy command that does not reload leaves the old certificate served.
const env = { ...process.env, PERSISTCERT_PASSPHRASE: 'deploy verify test passphrase' };
const name = 'www.deploy-verify.example.test';
const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'deploy-verify-')), 'data');
const pemDir = mkdtempSync(path.join(tmpdir(), 'deploy-verify-pem-'));
let dns: BindZone;
let pebble: PebbleInstance;
let server: RunningServer;
let flags: string[];
let reloads = 0;

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir, ...flags], env);
async function ok(...args: string[]) {
  const r = await cli(...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r;
}
const reloadFromPemDir = () => {
  reloads++;
  server.serve(
    createSecureContext({ key: readFileSync(path.join(pemDir, 'privkey.pem')), cert: readFileSync(path.join(pemDir, 'fullchain.pem')) }),
  );
};
async function servedStatus(): Promise<{
  health: string;
  served: { results: { status: string; endpoint: string }[] } | null;
  warnings: string[];
}> {
  const status = JSON.parse((await ok('renew', '--status', '--json')).stdout) as {
    items: { names: string[]; health: string; served: never; warnings: string[] }[];
  };
  return status.items.find((i) => i.names.includes(name))!;
}

before(async () => {
  dns = await startBind({ zone: 'example.test', servers: 1 });
  const s0 = dns.servers[0]!;
  pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}` });
  flags = [
    '--ca',
    pebble.directoryUrl,
    '--ca-bundle',
    pebble.caBundlePath,
    '--dns',
    `${s0.address}:${s0.port}`,
    '--auth-port',
    String(s0.port),
    '--keystore',
    'file',
  ];
  const accountUrl = JSON.parse((await ok('account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  await dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);
  await ok('issue', '-d', name);
  // Until the first deploy, the server has some other certificate for the name.
  server = await tlsServer(contextFor(makePki().leaf(name)));
  process.on('SIGHUP', reloadFromPemDir);
});
after(async () => {
  process.off('SIGHUP', reloadFromPemDir);
  await server?.close();
  await pebble?.stop();
  await dns?.stop();
});

test('a deploy whose command reloads the server is verified as serving; renew --status shows it', async () => {
  const endpoint = `127.0.0.1:${server.port},sni=${name}`;
  const shown = await ok(
    'configure',
    name,
    '--pem-dir',
    pemDir,
    '--deploy-command',
    `kill -HUP ${process.pid}`,
    '--verify-endpoint',
    endpoint,
    '--verify-wait',
    '20',
  );
  assert.match(shown.stdout, new RegExp(`verified after deploy: ${endpoint.replace(/[.]/g, '\\.')} \\(waiting up to 20 s`));
  const deployed = await ok('deploy', name);
  assert.match(deployed.stdout, /serving the current certificate/);
  assert.ok(reloads >= 1, 'the deploy command made the server reload');
  const afterDeploy = await servedStatus();
  assert.deepEqual(
    afterDeploy.served?.results.map((r) => [r.endpoint, r.status]),
    [[endpoint, 'serving']],
  );

  await ok('renew', name, '--force');
  const afterRenewal = await servedStatus();
  assert.equal(afterRenewal.served?.results[0]?.status, 'serving', 'the renewal deployed, reloaded and verified the new certificate');
  assert.equal(afterRenewal.health, 'ok');
});

test('a deploy command that does not reload: the old certificate is reported with the fix, as a warning in renew --status', async () => {
  await ok('configure', name, '--deploy-command', 'true', '--verify-wait', '1');
  const before = reloads;
  await ok('renew', name, '--force');
  assert.equal(reloads, before, 'nothing reloaded the server');
  const status = await servedStatus();
  assert.equal(status.served?.results[0]?.status, 'old-certificate');
  assert.equal(status.health, 'warning');
  assert.ok(
    status.warnings.some((w) => /still serves the previous certificate .*reload or restart/.test(w)),
    status.warnings.join('\n'),
  );
  const verify = await cli('verify', name, '--retry-for', '0');
  assert.equal(verify.code, 3);
  assert.match(verify.stdout, /still serving the old certificate[\s\S]*The deploy command was: true/);

  // The user reloads by hand; `persistcert verify` (the configured servers) records it.
  reloadFromPemDir();
  const fixed = await cli('verify', name, '--retry-for', '0');
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.equal((await servedStatus()).served?.results[0]?.status, 'serving');
});

test('bad verify settings are refused with the endpoint named (exit 2), and nothing is saved', async () => {
  for (const [args, message] of [
    [['--verify-endpoint', 'no-port.example.test'], /no-port\.example\.test.*host:port/],
    [['--verify-endpoint', '127.0.0.1:443,starttls=pop3'], /starttls=pop3/],
    [['--verify-wait', 'soon'], /--verify-wait must be whole seconds/],
  ] as const) {
    const r = await cli('configure', name, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  const shown = await ok('configure', name, '--json');
  assert.equal(JSON.parse(shown.stdout).verifyEndpoints.length, 1);
});
