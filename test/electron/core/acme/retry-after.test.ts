import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampDelay, parseRetryAfter } from '../../../../electron/core/acme/retry-after.ts';

const now = new Date('2026-11-23T12:00:00Z');

const cases: { header: string | undefined; expect: string | undefined }[] = [
  { header: '120', expect: '2026-11-23T12:02:00.000Z' },
  { header: ' 0 ', expect: '2026-11-23T12:00:00.000Z' },
  { header: 'Mon, 23 Nov 2026 13:00:00 GMT', expect: '2026-11-23T13:00:00.000Z' },
  { header: undefined, expect: undefined },
  { header: '-5', expect: undefined },
  { header: '1.5', expect: undefined },
  { header: 'soon', expect: undefined },
  { header: '2026-11-23T13:00:00Z', expect: undefined },
  { header: '99999999999999', expect: undefined },
];

for (const c of cases) {
  test(`Retry-After ${JSON.stringify(c.header)}`, () => {
    assert.equal(parseRetryAfter(c.header, now)?.toISOString(), c.expect);
  });
}

test('delays are clamped to the client limits', () => {
  const in1h = new Date(now.getTime() + 3_600_000);
  assert.equal(clampDelay(in1h, now, 1_000, 60_000, 5_000), 60_000);
  assert.equal(clampDelay(new Date(now.getTime() - 10_000), now, 1_000, 60_000, 5_000), 1_000);
  assert.equal(clampDelay(undefined, now, 1_000, 60_000, 5_000), 5_000);
});
