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

// `persistcert verify` end to end: certificates issued by Pebble, exported, and served by a real
// TLS server on loopback that "reloads" by swapping its certificate.
const env = { ...process.env, PERSISTCERT_PASSPHRASE: 'verify test passphrase' };
let dns: BindZone;
let pebble: PebbleInstance;
let server: RunningServer;
let flags: string[];
const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'verify-')), 'data');
const name = 'www.verify.example.test';

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir, ...flags], env);
async function ok(...args: string[]) {
  const r = await cli(...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r;
}
async function exported(): Promise<ReturnType<typeof createSecureContext>> {
  const out = mkdtempSync(path.join(tmpdir(), 'verify-export-'));
  await ok('export', name, '--format', 'pem', '--out', out, '--force');
  return createSecureContext({ key: readFileSync(path.join(out, 'privkey.pem')), cert: readFileSync(path.join(out, 'fullchain.pem')) });
}
const verify = async (...endpoints: string[]) => {
  const r = await cli('verify', name, ...endpoints.flatMap((e) => ['--endpoint', e]), '--retry-for', '0', '--json');
  return {
    code: r.code,
    results: r.code === 2 ? [] : (JSON.parse(r.stdout) as Array<{ status: string; endpoint: string }>),
    stderr: r.stderr,
  };
};

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
  server = await tlsServer(await exported());
});
after(async () => {
  await server?.close();
  await pebble?.stop();
  await dns?.stop();
});

test('verify: serving, then old-certificate after a renewal the server has not loaded, serving again after the reload', async () => {
  const first = await verify(`127.0.0.1:${server.port},sni=${name}`);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.results[0]?.status, 'serving');

  await ok('renew', name, '--force');
  const stale = await verify(`127.0.0.1:${server.port},sni=${name}`);
  assert.equal(stale.code, 3);
  assert.equal(stale.results[0]?.status, 'old-certificate');

  server.serve(await exported());
  const reloaded = await verify(`127.0.0.1:${server.port},sni=${name}`);
  assert.equal(reloaded.results[0]?.status, 'serving');
});

test('verify: someone else’s certificate, a closed port, and bad endpoints', async () => {
  const other = await tlsServer(contextFor(makePki().leaf(name)));
  try {
    const r = await verify(`127.0.0.1:${other.port},sni=${name}`, '127.0.0.1:1');
    assert.equal(r.code, 3);
    assert.deepEqual(
      r.results.map((x) => x.status),
      ['other-certificate', 'unreachable'],
    );
  } finally {
    await other.close();
  }
  for (const bad of ['www.example.test', '127.0.0.1:70000', '127.0.0.1:443,starttls=pop3']) {
    const r = await cli('verify', name, '--endpoint', bad);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--endpoint/);
  }
});
