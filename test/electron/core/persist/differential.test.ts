import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteTxtString } from '../../../env/bind.ts';
import { startCaWithDns, ZONE, type CaWithDns } from '../acme/ca-fixture.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import type { AcmeClient } from '../../../../electron/core/acme/client.ts';
import { createAccount } from '../../../../electron/core/acme/account.ts';
import { createOrder, fetchAuthorization, respondToChallenge, waitForValidation } from '../../../../electron/core/acme/order.ts';
import { PropagationChecker } from '../../../../electron/core/dns/propagation.ts';
import { runPreflight, type NamePreflight } from '../../../../electron/core/persist/preflight.ts';
import { CORPUS, type CorpusCase, type CorpusRecord, type Verdict } from './record-corpus.ts';

// The differential test (issue 14): every corpus record is published in BIND in one zone change;
// then `check`'s use case (runPreflight) judges each name while Pebble validates a real order for
// it with no pre-check of ours. A "blocked" verdict must meet a Pebble rejection and a "ready"
// one (with or without a warning) a Pebble success; each verdict must also be the one the corpus
// expects. Orders run concurrently.
let ca: CaWithDns;
let client: AcmeClient;
let accountUrl: string;
const ISSUER = 'pebble.letsencrypt.org';
const now = Math.floor(Date.now() / 1000);

const nameOf = (c: CorpusCase) => `${c.id}.${ZONE}`;
const recordName = (c: CorpusCase) => `_validation-persist.${nameOf(c)}.`;

function fill(text: string, c: CorpusCase): string {
  return text
    .replaceAll('{I}', ISSUER)
    .replaceAll('{A_UPPER}', accountUrl.toUpperCase())
    .replaceAll('{A}', accountUrl)
    .replaceAll('{R}', recordName(c))
    .replace(/\{T([+-])(\d+)d\}/g, (_, sign: string, days: string) => String(now + (sign === '+' ? 1 : -1) * Number(days) * 86_400));
}

function updateLine(owner: string, rr: CorpusRecord, c: CorpusCase): string {
  if (typeof rr === 'object' && !Array.isArray(rr)) return `update add ${owner} 60 IN CNAME ${fill(rr.cname, c)}`;
  const strings = (Array.isArray(rr) ? rr : [rr]).map((s) => quoteTxtString(fill(s, c)));
  return `update add ${owner} 60 IN TXT ${strings.join(' ')}`;
}

before(async () => {
  ca = await startCaWithDns();
  client = ca.client();
  accountUrl = (await createAccount(client, (await generateKeyPair('ec-p256')).privateKey, { termsOfServiceAgreed: true })).url;
  const lines = CORPUS.flatMap((c) => [
    ...c.records.map((rr) => updateLine(recordName(c), rr, c)),
    ...(c.extra ?? []).map(([owner, rr]) => updateLine(fill(owner, c), rr, c)),
  ]);
  await ca.dns.update(lines);
});
after(async () => {
  await ca?.stop();
});

/** What Pebble does with the name on a real order: 'valid', or the CA's problem detail. */
async function pebbleVerdict(c: CorpusCase): Promise<{ accepted: boolean; detail: string }> {
  const order = await createOrder(client, { names: [`${c.wildcard ? '*.' : ''}${nameOf(c)}`] });
  const authz = await fetchAuthorization(client, order.object.authorizations[0]!);
  const challenge = authz.object.challenges.find((ch) => ch.type === 'dns-persist-01');
  assert.ok(challenge, `${c.id}: Pebble offers dns-persist-01`);
  await respondToChallenge(client, challenge);
  try {
    await waitForValidation(client, order.url);
    return { accepted: true, detail: 'valid' };
  } catch (err) {
    return { accepted: false, detail: (err as Error).message };
  }
}

function checkVerdict(r: NamePreflight): Verdict {
  if (!r.ready) return 'blocked';
  // CAA cannot be checked here (BIND refuses the "test" TLD): that warning is about the sandbox.
  return r.findings.some((f) => f.severity === 'warning' && f.code !== 'caa') ? 'warn' : 'ready';
}

test(`check agrees with Pebble on all ${CORPUS.length} published records`, async () => {
  assert.ok(CORPUS.length >= 60);
  const server = ca.dns.servers[0]!;
  const checker = new PropagationChecker({ resolvers: [server], authoritativePort: server.port, timeoutMs: 3000 });
  try {
    const names = CORPUS.map((c) => `${c.wildcard ? '*.' : ''}${nameOf(c)}`);
    const [checks, pebble] = await Promise.all([
      runPreflight({ client, names, checker, resolvers: [server], offerCheck: false }),
      Promise.all(CORPUS.map(pebbleVerdict)),
    ]);
    const problems: string[] = [];
    for (const [i, c] of CORPUS.entries()) {
      const r = checks[i]!;
      const verdict = checkVerdict(r);
      const p = pebble[i]!;
      const says = `${c.id} (${c.what}): check says ${verdict} [${r.findings
        .filter((f) => f.severity !== 'ok')
        .map((f) => f.message)
        .join(' | ')}], Pebble says ${p.detail}`;
      if ((verdict === 'blocked') === p.accepted) problems.push(`DISAGREE ${says}`);
      if (verdict !== c.expect) problems.push(`expected ${c.expect}: ${says}`);
      // Every warning and error says how to fix it; a CA difference names who rejects.
      for (const f of r.findings.filter((x) => x.severity !== 'ok' && x.code !== 'caa')) {
        if (!f.fix) problems.push(`${c.id}: no fix for "${f.message}"`);
      }
      if (
        c.boulder &&
        verdict === 'blocked' &&
        !r.findings.some((f) => f.rejectedBy?.includes('Pebble') && f.acceptedBy?.some((a) => /Boulder/.test(a)))
      ) {
        problems.push(`${c.id}: Boulder decides otherwise here, but no finding names which CA rejects`);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    checker.close();
  }
});

test('messages say what is wrong as the CA sees it', async () => {
  const server = ca.dns.servers[0]!;
  const checker = new PropagationChecker({ resolvers: [server], authoritativePort: server.port, timeoutMs: 3000 });
  const cases: [string, RegExp][] = [
    ['no-semicolon', /no ";" after the issuer name/],
    ['tab-sep', /contains a tab: the CA reads "pebble\.letsencrypt\.org\\009"/],
    ['upper-issuer', /written in upper case: Pebble compares it exactly/],
    ['dot-issuer', /with a trailing dot/],
    ['cname-loop', /CNAME loop/],
    ['cname-away', /cannot be resolved/],
    ['until-overflow', /overflows/],
    ['dup-unknown', /foo appears more than once.*Pebble rejects this; Let's Encrypt \(Boulder\) accepts it/],
    ['unknown-nonascii', /caf\\195\\169/],
    ['unknown-underscore', /not valid RFC 8659 syntax, but CAs ignore unknown parameters/],
  ];
  try {
    const results = await runPreflight({
      client,
      names: cases.map(([id]) => `${id}.${ZONE}`),
      checker,
      resolvers: [server],
      offerCheck: false,
    });
    for (const [i, [id, pattern]] of cases.entries()) {
      const text = results[i]!.findings.map((f) => `${f.message} / ${f.fix ?? ''}`).join('\n');
      assert.match(text, pattern, `${id}:\n${text}`);
    }
    const expired = (
      await runPreflight({ client, names: [`expired-beside.${ZONE}`], checker, resolvers: [server], offerCheck: false })
    )[0]!;
    assert.ok(
      !expired.findings.some((f) => f.code === 'persist-until'),
      'a valid record without persistUntil beside an expired one does not "stop in 0 days"',
    );
  } finally {
    checker.close();
  }
});
