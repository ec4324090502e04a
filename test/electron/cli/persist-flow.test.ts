import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BindZone } from '../../env/bind.ts';
import { startCliWorld, type CliWorld } from './cli-world.ts';
import { runCli } from './run-cli.ts';

// The dns-persist-01 flow through the CLI, against Pebble 2.10 validating records in BIND
// (two authoritative servers), with the account key in the real Secret Service.
let dns: BindZone;
let flags: string[];
let accountUrl: string;
let world: CliWorld | undefined;
const ISSUERS = ['pebble.letsencrypt.org', 'ca2.example'];

before(async () => {
  world = await startCliWorld({ prefix: 'cli-flow', servers: 2, caaIdentities: ISSUERS });
  ({ dns, flags, accountUrl } = world);
});
after(async () => {
  await world?.stop();
});

const cli = (...args: string[]) => runCli([...args, ...flags]);
const publish = (name: string, value: string | string[], servers?: number[]) =>
  dns.publishTxt(`_validation-persist.${name.replace(/^\*\./, '')}.`, value, servers ? { servers } : {});
const good = (extra = '') => `pebble.letsencrypt.org; accounturi=${accountUrl}${extra}`;

test('record prints one record per CA identity at the base name, with policy=wildcard for wildcards', async () => {
  const r = await cli('record', '-d', '*.shop.example.test', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.draft, 'draft-01');
  const recs = out.names[0].records;
  assert.deepEqual(
    recs.map((x: { issuer: string }) => x.issuer),
    ISSUERS,
  );
  assert.equal(recs[0].name, '_validation-persist.shop.example.test');
  assert.equal(recs[0].value, `pebble.letsencrypt.org; accounturi=${accountUrl}; policy=wildcard`);
});

test('record: a name and its wildcard share ONE record with policy=wildcard, and the CA issues for both with it', async () => {
  const r = await cli('record', '-d', 'both.example.test', '-d', '*.both.example.test', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.names.length, 1, 'one record name, not two records at the same name');
  assert.deepEqual(out.names[0].covers, ['both.example.test', '*.both.example.test']);
  const recs = out.names[0].records;
  assert.deepEqual(
    recs.map((x: { name: string }) => x.name),
    ['_validation-persist.both.example.test', '_validation-persist.both.example.test'],
  );
  assert.equal(recs[0].value, `pebble.letsencrypt.org; accounturi=${accountUrl}; policy=wildcard`);
  const text = await cli('record', '-d', 'both.example.test', '-d', '*.both.example.test');
  assert.match(text.stdout, /^both\.example\.test and \*\.both\.example\.test: \(one record for all of them\)$/m);
  assert.equal(
    (text.stdout.match(/Name: {2}_validation-persist\.both\.example\.test/g) ?? []).length,
    ISSUERS.length,
    'one record per CA identity, any one suffices',
  );
  await publish('both.example.test', recs[0].value);
  const issued = await cli('issue', '-d', 'both.example.test', '-d', '*.both.example.test', '--json');
  assert.equal(issued.code, 0, issued.stderr + issued.stdout);
});

test('record --persist-until DATE lasts to the end of that day (UTC); --persist-days N counts from now', async () => {
  const until = JSON.parse((await cli('record', '-d', 'days.example.test', '--persist-until', '2031-01-01', '--json')).stdout);
  assert.match(until.names[0].records[0].value, /; persistUntil=1925078399$/, '2031-01-01T23:59:59Z');
  const before = Math.floor(Date.now() / 1000);
  const days = JSON.parse((await cli('record', '-d', 'days.example.test', '--persist-days', '30', '--json')).stdout);
  const n = Number(/persistUntil=(\d+)$/.exec(days.names[0].records[0].value)?.[1]);
  assert.ok(n >= before + 30 * 86_400 && n <= Math.floor(Date.now() / 1000) + 30 * 86_400, String(n));
  const both = await cli('record', '-d', 'days.example.test', '--persist-days', '30', '--persist-until', '2031-01-01');
  assert.equal(both.code, 2);
  assert.match(both.stderr, /either --persist-until or --persist-days/);
  const bad = await cli('record', '-d', 'days.example.test', '--persist-days', '1.5');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /whole number of days/);
});

test('a single name: check passes on every server, issue stores the certificate', async () => {
  await publish('www.example.test', good());
  const check = await cli('check', '-d', 'www.example.test');
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /ns1\.example\.test\s+authoritative\s+ok/);
  assert.match(check.stdout, /ns2\.example\.test\s+authoritative\s+ok/);
  const issued = await cli('issue', '-d', 'www.example.test', '--json');
  assert.equal(issued.code, 0, issued.stderr);
  const [cert] = JSON.parse(issued.stdout);
  assert.deepEqual(cert.names, ['www.example.test']);
  const list = await cli('list', '--json');
  assert.ok(JSON.parse(list.stdout).some((c: { id: string }) => c.id === cert.id));
});

test('several SANs and a wildcard with policy=wildcard in one certificate', async () => {
  await publish('api.example.test', good());
  await publish('shop.example.test', good('; policy=wildcard'));
  const r = await cli('issue', '-d', 'api.example.test', '-d', 'shop.example.test', '-d', '*.shop.example.test', '--json');
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(JSON.parse(r.stdout)[0].names.sort(), ['*.shop.example.test', 'api.example.test', 'shop.example.test']);
});

test('a wildcard without policy=wildcard: the doctor says so before the CA is asked', async () => {
  await publish('nowild.example.test', good());
  const check = await cli('check', '-d', '*.nowild.example.test', '--no-ca-check');
  assert.equal(check.code, 1);
  assert.match(check.stdout, /policy-missing/);
  assert.match(check.stdout, /fix: Add "; policy=wildcard"/);
  const issue = await cli('issue', '-d', '*.nowild.example.test');
  assert.equal(issue.code, 1, 'precheck stops it: not ready');
  assert.match(
    issue.stderr,
    /policy-missing \(A wildcard certificate needs "; policy=wildcard".*Fix: Add "; policy=wildcard" to the record/,
  );
});

test('a record split over two strings, a record reached through a CNAME, records for two issuers', async () => {
  await publish('split.example.test', ['pebble.letsencrypt.org;', ` accounturi=${accountUrl}`]);
  await publish('target.example.test', good());
  await dns.addRecord('_validation-persist.alias.example.test.', 'CNAME', '_validation-persist.target.example.test.');
  await publish('twoca.example.test', `ca2.example; accounturi=${accountUrl}`);
  await publish('twoca.example.test', good());
  for (const name of ['split.example.test', 'alias.example.test', 'twoca.example.test']) {
    const r = await cli('issue', '-d', name, '--json');
    assert.equal(r.code, 0, `${name}: ${r.stderr}${r.stdout}`);
  }
});

test('one authoritative server lagging: check names it and exits 1; after the update it passes', async () => {
  await publish('lag.example.test', good(), [0]);
  const before = await cli('check', '-d', 'lag.example.test', '--no-ca-check');
  assert.equal(before.code, 1);
  assert.match(before.stdout, /ns2\.example\.test\s+authoritative\s+missing/);
  assert.match(before.stdout, /ns1\.example\.test\s+authoritative\s+ok/);
  await publish('lag.example.test', good(), [1]);
  const after = await cli('check', '-d', 'lag.example.test', '--no-ca-check');
  assert.equal(after.code, 0, after.stdout);
});

const broken: { what: string; name: string; value: () => string; check: RegExp; ca: RegExp }[] = [
  {
    what: 'a wrong account URI',
    name: 'wrongacct.example.test',
    value: () => 'pebble.letsencrypt.org; accounturi=https://127.0.0.1:1/my-account/999',
    check: /other-account/,
    ca: /accounturi mismatch.*Fix: Keep this record \(the account it names relies on it\) and add a second one/,
  },
  {
    what: 'an expired persistUntil',
    name: 'expired.example.test',
    value: () => good('; persistUntil=1000000000'),
    check: /expired/,
    ca: /persistUntil/,
  },
  { what: 'a malformed record', name: 'malformed.example.test', value: () => `${good()};`, check: /malformed/, ca: /trailing ";"/ },
  // Pebble ignores the record (exact issuer match) and answers "No valid TXT record found": the record is there, not missing.
  {
    what: 'an upper-case issuer',
    name: 'upper.example.test',
    value: () => `PEBBLE.LETSENCRYPT.ORG; accounturi=${accountUrl}`,
    check: /written in upper case/,
    ca: /No valid TXT record found.*written in upper case.*Fix: Write the issuer exactly as "pebble\.letsencrypt\.org"/,
  },
  {
    what: 'no ";" after the issuer',
    name: 'nosemi.example.test',
    value: () => `pebble.letsencrypt.org accounturi=${accountUrl}`,
    check: /no ";" after the issuer/,
    ca: /No valid TXT record found.*no ";" after the issuer name/,
  },
];
for (const b of broken) {
  test(`${b.what}: a clear message with the fix, before and after the CA is asked`, async () => {
    await publish(b.name, b.value());
    const check = await cli('check', '-d', b.name, '--no-ca-check');
    assert.equal(check.code, 1);
    assert.match(check.stdout, b.check);
    assert.match(check.stdout, /fix: /);
    const issue = await cli('issue', '-d', b.name, '--no-precheck', '--json');
    assert.equal(issue.code, 3, issue.stdout + issue.stderr);
    const [res] = JSON.parse(issue.stdout);
    assert.equal(res.ok, false);
    assert.match(res.error, b.ca);
    assert.doesNotMatch(res.error, /Publish the TXT record/);
    assert.ok(res.problem?.type, 'the raw problem document is kept');
  });
}

test('CAA that forbids the CA is caught by the doctor', async () => {
  await dns.addRecord('caa.example.test.', 'CAA', '0 issue "other-ca.example"');
  await publish('caa.example.test', good());
  const r = await cli('check', '-d', 'caa.example.test', '--no-ca-check');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\[FAIL\] CAA at caa\.example\.test allows only "other-ca\.example"/);
  assert.match(r.stdout, /fix: Add a CAA record at caa\.example\.test: issue "pebble\.letsencrypt\.org; accounturi=/);
});

test('the CA offer check: Pebble offers dns-persist-01', async () => {
  await publish('offer.example.test', good());
  const r = await cli('check', '-d', 'offer.example.test', '--json');
  assert.equal(r.code, 0, r.stdout);
  assert.equal(JSON.parse(r.stdout).names[0].offer.offered, true);
});

test('a batch of certificates in one run, in parallel', async () => {
  const names = Array.from({ length: 6 }, (_, i) => `batch${i}.example.test`);
  for (const n of names) await publish(n, good());
  const r = await cli('issue', ...names.flatMap((n) => ['--cert', n]), '--parallel', '3', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).filter((x: { ok: boolean }) => x.ok).length, 6);
});

test('bad names are refused with the fix, before anything else', async () => {
  const r = await cli('issue', '-d', 'https://www.example.test/');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /without "https:\/\/"/);
});

test('check --json: every warning and error carries a fix, and a CA difference says which CA refuses', async () => {
  await publish('upperjson.example.test', `PEBBLE.LETSENCRYPT.ORG; accounturi=${accountUrl}`);
  const r = await cli('check', '-d', 'upperjson.example.test', '--no-ca-check', '--json');
  assert.equal(r.code, 1, r.stdout);
  const [name] = JSON.parse(r.stdout).names;
  for (const f of name.findings.filter((x: { severity: string }) => x.severity !== 'ok')) assert.ok(f.fix, `no fix: ${f.message}`);
  const record = name.findings.find((f: { code: string }) => f.code === 'record');
  assert.deepEqual([record.rejectedBy, record.acceptedBy], [['Pebble'], ["Let's Encrypt (Boulder)"]]);
  assert.match(record.fix, /Write the issuer exactly as "pebble\.letsencrypt\.org"/);
});

test('check shows bytes outside printable ASCII as the CA sees them (\\DDD), and passes an unknown parameter with a warning', async () => {
  await publish('cafe.example.test', good('; note=café'));
  const r = await cli('check', '-d', 'cafe.example.test', '--no-ca-check');
  assert.equal(r.code, 0, r.stdout);
  assert.ok(r.stdout.includes(`"pebble.letsencrypt.org; accounturi=${accountUrl}; note=caf\\195\\169"`), r.stdout);
  assert.match(r.stdout, /\[warn\] The value of "note" contains non-ASCII characters; CAs read it as "caf\\195\\169" and ignore it/);
  assert.doesNotMatch(r.stdout, /cafÃ©/);
});
