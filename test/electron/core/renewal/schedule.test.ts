import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKOFF_CAP_MS,
  backoffDelay,
  clampRetryAfter,
  earlyWarnings,
  pickInWindow,
  planRenewal,
} from '../../../../electron/core/renewal/schedule.ts';

const H = 3_600_000;
const D = 24 * H;
const t0 = new Date('2026-11-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const cert = { notBefore: t0, notAfter: at(90 * D) };

test('property: the random time always lands inside the window (10k draws, seeded)', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let i = 0; i < 10_000; i++) {
    const start = at(Math.floor(random() * 80 * D));
    const end = new Date(start.getTime() + 1 + Math.floor(random() * 5 * D));
    const t = pickInWindow(start, end, random);
    assert.ok(t >= start && t <= end, `${t.toISOString()} outside ${start.toISOString()}..${end.toISOString()}`);
  }
  assert.equal(pickInWindow(at(0), at(1000), () => 0).getTime(), at(0).getTime());
  assert.ok(pickInWindow(at(0), at(1000), () => 0.999999).getTime() < at(1000).getTime());
});

const cases: { what: string; input: Partial<Parameters<typeof planRenewal>[0]>; renewAt: Date; refresh?: Date }[] = [
  { what: 'no ARI: two thirds of the lifetime', input: {}, renewAt: at(60 * D) },
  {
    what: 'ARI window in the future: a random point in it, refresh at Retry-After',
    input: { ari: { windowStart: at(70 * D), windowEnd: at(72 * D), fetchedAt: at(10 * D), retryAfter: at(10 * D + 6 * H) } },
    renewAt: at(71 * D),
    refresh: at(10 * D + 6 * H),
  },
  {
    what: 'ARI window earlier than the lifetime rule: the CA wins (no local delay)',
    input: { ari: { windowStart: at(5 * D), windowEnd: at(5 * D + 2 * H), fetchedAt: at(4 * D) } },
    renewAt: at(5 * D + H),
    refresh: at(5 * D),
  },
  {
    what: 'Retry-After under a minute is treated as a minute',
    input: { ari: { windowStart: at(70 * D), windowEnd: at(72 * D), fetchedAt: at(0), retryAfter: at(5_000) } },
    renewAt: at(71 * D),
    refresh: at(60_000),
  },
  {
    what: 'a previously chosen moment is kept while the window is unchanged',
    input: { ari: { windowStart: at(70 * D), windowEnd: at(72 * D), fetchedAt: at(0), chosen: at(70 * D + 3 * H) } },
    renewAt: at(70 * D + 3 * H),
  },
  {
    what: 'a long-term ARI error: ask again after six hours; lifetime rule meanwhile',
    input: { ariError: { kind: 'long-term', at: at(D), attempts: 1 } },
    renewAt: at(60 * D),
    refresh: at(D + 6 * H),
  },
  {
    what: 'failures push the attempt back exponentially',
    input: { ari: { windowStart: at(0), windowEnd: at(H), fetchedAt: at(0) }, failures: { count: 3, lastAt: at(2 * H) } },
    renewAt: at(2 * H + 20 * 60_000),
  },
];
for (const c of cases) {
  test(`plan: ${c.what}`, () => {
    const plan = planRenewal({ ...cert, now: at(10 * D), random: () => 0.5, ...c.input });
    assert.equal(plan.renewAt.toISOString(), c.renewAt.toISOString(), plan.reason);
    if (c.refresh) assert.equal(plan.refreshAriAt?.toISOString(), c.refresh.toISOString());
  });
}

test('Retry-After is clamped to [1 min, 1 day]', () => {
  assert.equal(clampRetryAfter(t0, at(3 * D)).getTime(), at(D).getTime());
  assert.equal(clampRetryAfter(t0, undefined).getTime(), at(D).getTime());
  assert.equal(clampRetryAfter(t0, at(2 * H)).getTime(), at(2 * H).getTime());
});

test('backoff doubles and stops at the cap', () => {
  assert.equal(backoffDelay(1), 5 * 60_000);
  assert.equal(backoffDelay(2), 10 * 60_000);
  assert.equal(backoffDelay(30), BACKOFF_CAP_MS);
});

test('early warnings: persistUntil within 30 days, expiry within 7', () => {
  assert.deepEqual(earlyWarnings({ notAfter: at(90 * D), now: at(10 * D) }), []);
  const w = earlyWarnings({ notAfter: at(15 * D), persistUntil: at(30 * D), now: at(10 * D) });
  assert.equal(w.length, 2);
  assert.match(w[0]!, /persistUntil/);
  assert.match(w[1]!, /expires/);
});
