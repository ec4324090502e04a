import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.ts';

// Global options: flag > environment > `persistcert config` (settings.json in the data dir) > default.
const bundle = (dir: string): string => {
  const file = join(dir, 'bundle.pem');
  writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  return file;
};

interface Case {
  key: string;
  env: string;
  config: (dir: string) => string;
  fromEnv: (dir: string) => string;
  flag: (dir: string) => string;
}
const CASES: Case[] = [
  {
    key: 'ca',
    env: 'PERSISTCERT_CA',
    config: () => 'letsencrypt-staging',
    fromEnv: () => 'google-staging',
    flag: () => 'https://127.0.0.1:14000/dir',
  },
  {
    key: 'ca-bundle',
    env: 'PERSISTCERT_CA_BUNDLE',
    config: (d) => bundle(d),
    fromEnv: (d) => join(d, 'env.pem'),
    flag: (d) => join(d, 'flag.pem'),
  },
  { key: 'dns', env: 'PERSISTCERT_DNS', config: () => '127.0.0.1:5353', fromEnv: () => '127.0.0.2:53', flag: () => '127.0.0.3:53' },
  { key: 'auth-port', env: 'PERSISTCERT_AUTH_PORT', config: () => '5353', fromEnv: () => '5354', flag: () => '5355' },
  { key: 'keystore', env: 'PERSISTCERT_KEYSTORE', config: () => 'file', fromEnv: () => 'os', flag: () => 'auto' },
];

async function list(
  dir: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ key: string; value: string | null; source: string }[]> {
  const r = await runCli(['config', 'list', '--json', ...args], { PATH: process.env.PATH, PERSISTCERT_DATA_DIR: dir, ...env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const c of CASES) {
  test(`${c.key}: default, then config, then $${c.env}, then --${c.key} wins`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persistcert-config-'));
    const find = async (env: NodeJS.ProcessEnv = {}, args: string[] = []) => (await list(dir, env, args)).find((s) => s.key === c.key)!;
    assert.equal((await find()).source, 'default');

    const set = await runCli(['config', 'set', c.key, c.config(dir)], { PERSISTCERT_DATA_DIR: dir });
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(await find(), { key: c.key, value: c.config(dir), source: 'config' });
    assert.deepEqual(await find({ [c.env]: c.fromEnv(dir) }), { key: c.key, value: c.fromEnv(dir), source: 'env' });
    assert.deepEqual(await find({ [c.env]: c.fromEnv(dir) }, [`--${c.key}`, c.flag(dir)]), {
      key: c.key,
      value: c.flag(dir),
      source: 'flag',
    });

    const get = await runCli(['config', 'get', c.key], { PERSISTCERT_DATA_DIR: dir });
    assert.equal(get.stdout.trim(), c.config(dir));
    assert.equal((await runCli(['config', 'unset', c.key], { PERSISTCERT_DATA_DIR: dir })).code, 0);
    assert.equal((await find()).source, 'default');
  });
}

test('the human list names every setting with its value or default and its source', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'persistcert-config-'));
  await runCli(['config', 'set', 'ca', 'letsencrypt-staging'], { PERSISTCERT_DATA_DIR: dir });
  const r = await runCli(['config', 'list'], { PERSISTCERT_DATA_DIR: dir, PERSISTCERT_KEYSTORE: 'file' });
  assert.match(r.stdout, /^ca +letsencrypt-staging +\[config\]$/m);
  assert.match(r.stdout, /^keystore +file +\[env\]$/m);
  assert.match(r.stdout, /^auth-port +\(53\) +\[default\]$/m);
  assert.match(r.stdout, new RegExp(`^data-dir +${dir} +\\[env\\]$`, 'm'));
});

const REFUSED: [string[], RegExp][] = [
  [['config', 'set', 'ca', 'not a ca'], /preset|URL/i],
  [['config', 'set', 'auth-port', '99999'], /1 to 65535/],
  [['config', 'set', 'auth-port', '53x'], /port number/],
  [['config', 'set', 'dns', 'not a server'], /dns: "not a server"/],
  [['config', 'set', 'keystore', 'vault'], /auto, os or file/],
  [['config', 'set', 'ca-bundle', '/nonexistent/bundle.pem'], /Cannot read the CA bundle/],
  [['config', 'set', 'data-dir', '/tmp'], /cannot be saved/],
  [['config', 'set', 'colour', 'blue'], /Unknown setting "colour"/],
  [['config', 'set', 'ca'], /Give a value/],
  [['config', 'frobnicate'], /Say what to do/],
];
for (const [args, error] of REFUSED) {
  test(`refused with exit 2 and a fix: ${args.slice(1).join(' ')}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persistcert-config-'));
    const r = await runCli(args, { PERSISTCERT_DATA_DIR: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, error);
  });
}

// Options before or after the verb mean the same; unknown ones are named with the closest known one.
const PLACEMENT: [string, string[], number, RegExp | null][] = [
  ['global option after the verb', ['config', 'list', '--json', '--ca', 'google'], 0, null],
  ['global option before the verb', ['--ca', 'google', 'config', 'list', '--json'], 0, null],
  ['global option with = before the verb', ['--ca=google', 'config', 'list', '--json'], 0, null],
  ['unknown option before the verb', ['--kestore', 'file', 'list'], 2, /unknown option --kestore; did you mean --keystore\?/],
  ['unknown option after the verb', ['list', '--kestore', 'file'], 2, /Unknown option '--kestore'; did you mean --keystore\?/],
  ['misspelt command', ['lsit'], 2, /unknown command "lsit"; did you mean "list"\?/],
  ['options but no command', ['--ca', 'google'], 2, /no command/],
];
for (const [name, args, code, error] of PLACEMENT) {
  test(`options anywhere: ${name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persistcert-config-'));
    const r = await runCli(args, { PATH: process.env.PATH, PERSISTCERT_DATA_DIR: dir });
    assert.equal(r.code, code, r.stderr);
    if (error) assert.match(r.stderr, error);
    else assert.equal(JSON.parse(r.stdout).find((s: { key: string }) => s.key === 'ca').value, 'google');
  });
}

test("the app's settings and the CLI's config are one file: saving one keeps the other", async () => {
  const { loadSettings, saveSettings } = await import('../../../electron/core/app/settings.ts');
  const dir = mkdtempSync(join(tmpdir(), 'persistcert-config-'));
  await runCli(['config', 'set', 'ca', 'letsencrypt-staging'], { PERSISTCERT_DATA_DIR: dir });
  await runCli(['config', 'set', 'dns', '127.0.0.1:5353'], { PERSISTCERT_DATA_DIR: dir });
  // The app shows the CLI's dns as its resolvers, and its save keeps the CLI's ca.
  const settings = await loadSettings(dir);
  assert.deepEqual(settings.resolvers, ['127.0.0.1:5353']);
  await saveSettings(dir, { ...settings, notifyOnSuccess: true, resolvers: ['127.0.0.9:53'] });
  const after = await list(dir, {});
  assert.equal(after.find((s) => s.key === 'ca')!.value, 'letsencrypt-staging');
  assert.equal(after.find((s) => s.key === 'dns')!.value, '127.0.0.9:53');
});
