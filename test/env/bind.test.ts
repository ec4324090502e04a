import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { startBind, quoteTxtString, type BindServer } from './bind.ts';
import { liveChildren, run } from './process.ts';

function resolverFor(s: BindServer): Resolver {
  const r = new Resolver({ timeout: 1000, tries: 1 });
  r.setServers([`${s.address}:${s.port}`]);
  return r;
}

const absent = (e: unknown): boolean => ['ENOTFOUND', 'ENODATA'].includes((e as { code?: string }).code ?? '');

test('quoteTxtString escapes quotes, backslashes and non-printables', () => {
  assert.equal(quoteTxtString('a "b" \\ c;d'), '"a \\"b\\" \\\\ c;d"');
  assert.equal(quoteTxtString('x\ny'), '"x\\010y"');
  assert.throws(() => quoteTxtString('a'.repeat(256)), /255/);
});

test('two independent authoritative servers: one updated, one lagging, then both; CNAME; NS', async () => {
  const zone = await startBind({ zone: 'example.test', servers: 2 });
  try {
    const [s0, s1] = zone.servers as [BindServer, BindServer];
    assert.notEqual(s0.address, s1.address);
    assert.equal(s0.port, s1.port);
    for (const s of zone.servers) assert.match(s.address, /^127\.53\.\d+\.\d+$/);

    const name = '_validation-persist.www.example.test';
    await zone.publishTxt(name, ['pebble.letsencrypt.org; accounturi=https://ca/acct/1;', ' policy=wildcard'], {
      servers: [0],
    });
    const on0 = await zone.queryTxt(name, 0);
    assert.deepEqual(on0, [['pebble.letsencrypt.org; accounturi=https://ca/acct/1;', ' policy=wildcard']]);
    assert.equal(on0[0]!.join(''), 'pebble.letsencrypt.org; accounturi=https://ca/acct/1; policy=wildcard');
    await assert.rejects(zone.queryTxt(name, 1), absent, 'server 1 must lag');

    await zone.publishTxt('_validation-persist.www', 'both "quoted" \\ here');
    assert.deepEqual(await zone.queryTxt(name, 1), [['both "quoted" \\ here']]);
    const both0 = (await zone.queryTxt(name, 0)).map((r) => r.join('')).sort();
    assert.deepEqual(both0, ['both "quoted" \\ here', 'pebble.letsencrypt.org; accounturi=https://ca/acct/1; policy=wildcard']);

    await zone.addRecord('_validation-persist.alias', 'CNAME', `${name}.`);
    assert.deepEqual(await resolverFor(s0).resolveCname('_validation-persist.alias.example.test'), [name]);
    assert.equal((await zone.queryTxt('_validation-persist.alias', 1)).length, 1);

    await zone.addRecord('example.test', 'CAA', '0 issue "pebble.letsencrypt.org"', { servers: [1] });
    assert.deepEqual(
      (await resolverFor(s1).resolveCaa('example.test')).map((c) => c.issue),
      ['pebble.letsencrypt.org'],
    );

    // A checker can go from the zone's NS set to every authoritative server, at the one port.
    const ns = (await resolverFor(s0).resolveNs('example.test')).sort();
    assert.deepEqual(ns, ['ns1.example.test', 'ns2.example.test']);
    const addrs = (await Promise.all(ns.map((n) => resolverFor(s1).resolve4(n)))).flat();
    assert.deepEqual(addrs, [s0.address, s1.address]);
    for (const address of addrs) {
      const txt = await resolverFor({ address, port: s0.port }).resolveTxt(name);
      assert.ok(txt.length >= 1);
    }

    await zone.deleteRecords(name, 'TXT', { servers: [1] });
    await assert.rejects(zone.queryTxt(name, 1), absent);
    assert.equal((await zone.queryTxt(name, 0)).length, 2);
  } finally {
    await zone.stop();
  }
  assert.equal(liveChildren(), 0, 'a named process survived stop()');
  if (zone.addressMode === 'lo-alias') {
    const lo = await run('ip', ['-4', 'addr', 'show', 'dev', 'lo']);
    for (const s of zone.servers) assert.ok(!lo.includes(`${s.address}/32`), `${s.address} left on lo`);
  }
});

test('relay mode (no privileges needed) serves and updates the same way', async () => {
  const zone = await startBind({ zone: 'relay.test', servers: 2, addressMode: 'relay' });
  try {
    assert.equal(zone.addressMode, 'relay');
    await zone.publishTxt('_validation-persist.relay.test', ['a', 'b'], { servers: [1] });
    assert.deepEqual(await zone.queryTxt('_validation-persist', 1), [['a', 'b']]);
    await assert.rejects(zone.queryTxt('_validation-persist', 0), absent);
    // TCP goes through the relay too (dig +tcp).
    const [s] = zone.servers;
    const out = await run('dig', ['+tcp', '+short', '-p', String(s!.port), `@${s!.address}`, 'ns1.relay.test', 'A']);
    assert.equal(out.trim(), s!.address);
  } finally {
    await zone.stop();
  }
  assert.equal(liveChildren(), 0);
});
