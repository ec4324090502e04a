import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BindZone } from '../../env/bind.ts';
import { startCliWorld, type CliWorld } from './cli-world.ts';
import { runCli } from './run-cli.ts';

// `persistcert record --handoff FILE`, against Pebble and BIND: the sheet holds the value
// verbatim, and its own `dig` line, run as the DNS person would run it, finds the record once it
// is published. An existing file is refused without --force.
const sh = promisify(execFile);
let dns: BindZone;
let flags: string[];
let accountUrl: string;
let world: CliWorld | undefined;
const out = mkdtempSync(path.join(tmpdir(), 'handoff-'));

before(async () => {
  world = await startCliWorld({ prefix: 'handoff-data', servers: 2 });
  ({ dns, flags, accountUrl } = world);
});
after(async () => {
  await world?.stop();
});

const cli = (...args: string[]) => runCli([...args, ...flags]);

test('the hand-off sheet holds the value verbatim and its dig line finds the record in BIND', async () => {
  const file = path.join(out, 'dns-records.md');
  const r = await cli('record', '-d', '*.www.example.test', '--handoff', file);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Wrote the instructions for whoever manages the DNS to .*dns-records\.md \(Markdown\)/);
  const sheet = readFileSync(file, 'utf8');
  const value = `pebble.letsencrypt.org; accounturi=${accountUrl}; policy=wildcard`;
  assert.ok(sheet.includes(`\`\`\`\n${value}\n\`\`\``), sheet);
  assert.ok(sheet.includes(`_validation-persist.www.example.test. 3600 IN TXT "${value}"`), 'the zone-file line');
  assert.match(sheet, /^# DNS records to publish for \*\.www\.example\.test$/m);
  assert.match(sheet, /Name servers: ns1\.example\.test, ns2\.example\.test\./);
  assert.ok(
    sheet.includes(
      `www.example.test. 3600 IN CAA 0 issuewild "pebble.letsencrypt.org; accounturi=${accountUrl}; validationmethods=dns-persist-01"`,
    ),
    'CAA hardening',
  );
  assert.equal(statSync(file).mode & 0o777, 0o644);
  assert.deepEqual(
    readdirSync(out).filter((f) => f.endsWith('.tmp')),
    [],
    'no temp file left',
  );

  const digs = [...sheet.matchAll(/^dig \+short TXT .+$/gm)].map((m) => m[0]);
  assert.equal(digs.length, 1, 'one record, one dig line');
  const s0 = dns.servers[0]!;
  assert.equal(digs[0], `dig +short TXT _validation-persist.www.example.test @${s0.address} -p ${s0.port}`);
  const before = await sh('bash', ['-c', digs[0]!]);
  assert.equal(before.stdout.trim(), '', 'nothing published yet');
  await dns.publishTxt('_validation-persist.www.example.test.', value);
  const published = await sh('bash', ['-c', digs[0]!]);
  assert.equal(published.stdout.trim(), `"${value}"`);
});

test('an existing sheet is kept without --force (exit 2) and replaced with it; plain text for other names', async () => {
  const file = path.join(out, 'dns-records.txt');
  const first = await cli('record', '-d', 'shop.example.test', '--handoff', file);
  assert.equal(first.code, 0, first.stderr);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^DNS records to publish for shop\.example\.test\n=+\n/);
  assert.ok(text.includes(`    pebble.letsencrypt.org; accounturi=${accountUrl}\n`), 'the value verbatim, indented');
  assert.doesNotMatch(text, /```/);

  const again = await cli('record', '-d', 'api.example.test', '--handoff', file);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /dns-records\.txt already exists: choose another file, or add --force to replace it/);
  assert.equal(readFileSync(file, 'utf8'), text, 'untouched');
  const forced = await cli('record', '-d', 'api.example.test', '--handoff', file, '--force');
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(readFileSync(file, 'utf8'), /DNS records to publish for api\.example\.test/);

  const missing = await cli('record', '-d', 'api.example.test', '--handoff', path.join(out, 'no-such-dir', 'x.md'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /its folder does not exist/);
});
