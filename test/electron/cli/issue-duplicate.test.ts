import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BindZone } from '../../env/bind.ts';
import { startCliWorld, type CliWorld } from './cli-world.ts';
import { runCli } from './run-cli.ts';

// `persistcert issue` keeps the app's rule: one valid certificate per set of names, unless the
// user says the new one replaces it (--replace) or wants a second one (--allow-duplicate).
let dns: BindZone;
let flags: string[];
let accountUrl: string;
let world: CliWorld | undefined;

before(async () => {
  world = await startCliWorld({ prefix: 'cli-dup' });
  ({ dns, flags, accountUrl } = world);
  for (const name of ['dup.example.test', 'other.example.test', 'fresh.example.test', 'skip.example.test']) {
    await dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);
  }
});
after(async () => {
  await world?.stop();
});

const cli = (...args: string[]) => runCli([...args, ...flags]);
type Listed = { id: string; names: string[]; status: string };
const listed = async (): Promise<Listed[]> => JSON.parse((await cli('list', '--json')).stdout);
const live = async (name: string) => (await listed()).filter((c) => c.names.includes(name) && c.status === 'valid');

test('issuing again for names with a valid certificate is refused with exit code 2, naming it and the ways to go on', async () => {
  const first = await cli('issue', '-d', 'dup.example.test', '--json');
  assert.equal(first.code, 0, first.stderr);
  const id = JSON.parse(first.stdout)[0].id;
  const again = await cli('issue', '-d', 'dup.example.test');
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /dup\.example\.test already has a valid certificate \(valid until \d{4}-\d\d-\d\d\): id [0-9a-f-]{36}/);
  assert.ok(again.stderr.includes(id), again.stderr);
  assert.match(again.stderr, /persistcert renew <id>/);
  assert.match(again.stderr, /--replace <id>/);
  assert.match(again.stderr, /--allow-duplicate/);
  assert.deepEqual(
    (await live('dup.example.test')).map((c) => c.id),
    [id],
    'nothing was issued',
  );
});

test('--replace <id> issues the replacement and the old certificate becomes replaced', async () => {
  const [old] = await live('dup.example.test');
  const r = await cli('issue', '-d', 'dup.example.test', '--replace', old!.id, '--json');
  assert.equal(r.code, 0, r.stderr);
  const id = JSON.parse(r.stdout)[0].id;
  assert.deepEqual(
    (await live('dup.example.test')).map((c) => c.id),
    [id],
  );
  assert.equal((await listed()).find((c) => c.id === old!.id)?.status, 'replaced');
});

test('--allow-duplicate issues a second valid certificate', async () => {
  const r = await cli('issue', '-d', 'dup.example.test', '--allow-duplicate', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await live('dup.example.test')).length, 2);
});

const refused: { what: string; args: () => Promise<string[]>; stderr: RegExp }[] = [
  {
    what: '--replace naming no valid certificate of these names',
    args: async () => ['-d', 'other.example.test', '--replace', (await live('dup.example.test'))[0]!.id],
    stderr: /no valid certificate .* for other\.example\.test to replace/,
  },
  {
    what: '--replace with a batch',
    args: async () => ['--cert', 'dup.example.test', '--cert', 'other.example.test', '--replace', 'x'],
    stderr: /--replace replaces one certificate/,
  },
  {
    what: '--replace with --allow-duplicate',
    args: async () => ['-d', 'dup.example.test', '--replace', 'x', '--allow-duplicate'],
    stderr: /one of --replace <id>, --allow-duplicate and --skip-existing/,
  },
  {
    what: '--skip-existing with --allow-duplicate',
    args: async () => ['--cert', 'fresh.example.test', '--skip-existing', '--allow-duplicate'],
    stderr: /one of --replace <id>, --allow-duplicate and --skip-existing/,
  },
  {
    what: 'a batch with one duplicate (nothing of it is issued)',
    args: async () => ['--cert', 'fresh.example.test', '--cert', 'dup.example.test'],
    stderr: /Not issuing: dup\.example\.test already has a valid certificate[^]*--skip-existing/,
  },
];
for (const c of refused) {
  test(`refused with exit code 2: ${c.what}`, async () => {
    const r = await cli('issue', ...(await c.args()));
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, c.stderr);
    assert.equal((await live('fresh.example.test')).length, 0);
  });
}

test('--skip-existing: a batch run again issues only what is missing, and names what it left out', async () => {
  const before = (await live('dup.example.test')).map((c) => c.id).sort();
  const r = await cli('issue', '--cert', 'dup.example.test', '--cert', 'skip.example.test', '--skip-existing', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { ok: boolean; skipped?: boolean; id: string; names: string[] }[];
  assert.deepEqual(out.map((o) => [o.names.join(','), o.skipped === true]).sort(), [
    ['dup.example.test', true],
    ['skip.example.test', false],
  ]);
  assert.ok(before.includes(out.find((o) => o.skipped)!.id), 'the skipped entry names the valid certificate');
  assert.deepEqual((await live('dup.example.test')).map((c) => c.id).sort(), before, 'nothing new for the skipped names');
  assert.equal((await live('skip.example.test')).length, 1);

  const again = await cli('issue', '--cert', 'dup.example.test', '--cert', 'skip.example.test', '--skip-existing');
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /0 of 2 certificates issued; 2 already valid, skipped\./);
  assert.doesNotMatch(again.stdout, /Export with/);
  assert.equal((await live('skip.example.test')).length, 1, 'run twice, still one certificate');
});

test('issue --help documents the refusal, its exit code and both ways on', async () => {
  const r = await runCli(['issue', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--replace/);
  assert.match(r.stdout, /--allow-duplicate/);
  assert.match(r.stdout, /--skip-existing/);
  assert.match(r.stdout, /already have a valid certificate are refused \(exit code 2\)/);
});
