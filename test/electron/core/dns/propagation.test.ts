import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBind, type BindZone } from '../../../env/bind.ts';
import { PropagationChecker, type PropagationResult } from '../../../../electron/core/dns/propagation.ts';

// Two independent authoritative BIND servers for example.test, asked directly.
let dns: BindZone;
let checker: PropagationChecker;
const ACCT = 'https://127.0.0.1:14000/my-account/1';
const ISSUER = 'pebble.letsencrypt.org';

before(async () => {
  dns = await startBind({ zone: 'example.test', servers: 2 });
  checker = new PropagationChecker({ resolvers: [dns.servers[0]!], authoritativePort: dns.servers[0]!.port, timeoutMs: 1000 });
});
after(async () => {
  checker?.close();
  await dns?.stop();
});

const check = (name: string, issuers = [ISSUER], accountUri = ACCT) => checker.check({ name, issuers, accountUri });
const statuses = (r: PropagationResult) => r.servers.map((s) => `${s.kind}:${s.status}`);

test('every authoritative server is found through the zone cut and asked directly', async () => {
  await dns.publishTxt('_validation-persist.www.example.test.', `${ISSUER}; accounturi=${ACCT}`);
  const r = await check('www.example.test');
  assert.equal(r.zone, 'example.test');
  assert.deepEqual(
    r.servers
      .filter((s) => s.kind === 'authoritative')
      .map((s) => s.label)
      .sort(),
    ['ns1.example.test', 'ns2.example.test'],
  );
  assert.deepEqual(statuses(r), ['authoritative:ok', 'authoritative:ok', 'resolver:ok']);
  assert.equal(r.ready, true);
});

test('one authoritative server lagging shows which, and the check is not ready until it catches up', async () => {
  await dns.publishTxt('_validation-persist.lag.example.test.', `${ISSUER}; accounturi=${ACCT}`, { servers: [0] });
  const before = await check('lag.example.test');
  assert.equal(before.ready, false);
  const lagging = before.servers.find((s) => s.server.address === dns.servers[1]!.address);
  assert.equal(lagging?.status, 'missing');
  assert.equal(lagging?.label, 'ns2.example.test');
  await dns.publishTxt('_validation-persist.lag.example.test.', `${ISSUER}; accounturi=${ACCT}`, { servers: [1] });
  assert.equal((await check('lag.example.test')).ready, true);
});

test('a record split over two character-strings is joined as the CA joins it', async () => {
  await dns.publishTxt('_validation-persist.split.example.test.', [`${ISSUER};`, ` accounturi=${ACCT}`]);
  const r = await check('split.example.test');
  assert.equal(r.ready, true);
  assert.deepEqual(r.servers[0]!.seen, [`${ISSUER}; accounturi=${ACCT}`]);
});

test('a record reached through a CNAME is followed and shown with its target', async () => {
  await dns.publishTxt('_validation-persist.target.example.test.', `${ISSUER}; accounturi=${ACCT}`);
  await dns.addRecord('_validation-persist.alias.example.test.', 'CNAME', '_validation-persist.target.example.test.');
  const r = await check('alias.example.test');
  assert.equal(r.ready, true, JSON.stringify(r.servers));
});

test('two records for two issuers at one name: either issuer passes', async () => {
  await dns.publishTxt('_validation-persist.two.example.test.', `other-ca.example; accounturi=${ACCT}`);
  await dns.publishTxt('_validation-persist.two.example.test.', `${ISSUER}; accounturi=${ACCT}`);
  assert.equal((await check('two.example.test')).ready, true);
  assert.equal((await check('two.example.test', ['other-ca.example'])).ready, true);
  const none = await check('two.example.test', ['third.example']);
  assert.equal(none.servers[0]!.status, 'other-issuer');
});

const failing: { what: string; name: string; value: string; wildcard?: boolean; status: string; detail: RegExp }[] = [
  {
    what: 'another account',
    name: 'acct.example.test',
    value: `${ISSUER}; accounturi=https://127.0.0.1:14000/my-account/2`,
    status: 'other-account',
    detail: /my-account\/2/,
  },
  {
    what: 'an expired persistUntil',
    name: 'old.example.test',
    value: `${ISSUER}; accounturi=${ACCT}; persistUntil=1000000000`,
    status: 'expired',
    detail: /has passed/,
  },
  {
    what: 'a malformed record',
    name: 'bad.example.test',
    value: `${ISSUER}; accounturi=${ACCT};`,
    status: 'malformed',
    detail: /trailing/,
  },
  {
    what: 'a wildcard without policy',
    name: 'wild.example.test',
    value: `${ISSUER}; accounturi=${ACCT}`,
    wildcard: true,
    status: 'policy-missing',
    detail: /policy=wildcard/,
  },
];
for (const f of failing) {
  test(`${f.what} is reported per server with the fix`, async () => {
    await dns.publishTxt(`_validation-persist.${f.name}.`, f.value);
    const r = await check(f.wildcard ? `*.${f.name}` : f.name);
    assert.equal(r.ready, false);
    for (const s of r.servers) {
      assert.equal(s.status, f.status);
      assert.match(s.detail ?? '', f.detail);
      assert.deepEqual(s.seen, [f.value]);
    }
  });
}

test('nothing published: missing everywhere; an unreachable resolver is shown as such', async () => {
  const withDead = new PropagationChecker({
    resolvers: [dns.servers[0]!, { address: '127.0.0.1', port: 9 }],
    authoritativePort: dns.servers[0]!.port,
    timeoutMs: 300,
  });
  try {
    const r = await withDead.check({ name: 'nothing.example.test', issuers: [ISSUER], accountUri: ACCT });
    assert.deepEqual(statuses(r), ['authoritative:missing', 'authoritative:missing', 'resolver:missing', 'resolver:unreachable']);
    // Every row that is not ok says what to do.
    assert.deepEqual(
      r.servers.map((s) => /^(Publish a TXT record|Check this resolver)/.test(s.fix ?? '')),
      [true, true, true, true],
    );
  } finally {
    withDead.close();
  }
});

test('a name outside any zone we can find reports the problem, not a crash', async () => {
  const r = await check('www.nowhere.invalid');
  assert.equal(r.ready, false);
  assert.match(r.problem ?? '', /zone|resolver/);
});

test('wait-until-ready re-checks and reports each round', async () => {
  const rounds: number[] = [];
  const name = 'later.example.test';
  setTimeout(() => void dns.publishTxt(`_validation-persist.${name}.`, `${ISSUER}; accounturi=${ACCT}`), 300);
  const res = await checker.waitUntilReady([{ name, issuers: [ISSUER], accountUri: ACCT }], {
    intervalMs: 200,
    timeoutMs: 10_000,
    onRound: (n) => rounds.push(n),
  });
  assert.equal(res.ready, true);
  assert.ok(rounds.length >= 2, `rounds: ${rounds}`);
});
