import assert from 'node:assert/strict';
import test from 'node:test';
import { AcmeProblemError } from '../../../../electron/core/acme/errors.ts';
import { isReplacesRejection } from '../../../../electron/core/acme/issue.ts';

const problem = (type: string, detail: string, status = 400) =>
  new AcmeProblemError({ type: `urn:ietf:params:acme:error:${type}`, detail, raw: { type, detail } }, status);

// Which refusals of a new order with `replaces` are retried once without it (RFC 9773 §5).
const cases: Array<[string, unknown, boolean]> = [
  ['alreadyReplaced', problem('alreadyReplaced', 'already replaced', 409), true],
  ['malformed naming replaces', problem('malformed', 'Invalid replaces field'), true],
  ['unauthorized naming replaces', problem('unauthorized', 'cannot replace a certificate of another account', 403), true],
  [
    'Pebble: no order for a serial with a sign byte',
    problem(
      'serverInternal',
      'could not find an order for the given certificate: could not find order resulting in the given certificate serial number',
      500,
    ),
    true,
  ],
  ['malformed about something else', problem('malformed', 'identifier is not a valid domain'), false],
  ['serverInternal about something else', problem('serverInternal', 'database is down', 500), false],
  ['rateLimited', problem('rateLimited', 'too many orders', 429), false],
  ['not a problem document', new Error('socket hang up'), false],
];

for (const [name, err, expected] of cases) {
  test(`replaces rejection: ${name} → ${expected ? 'retry without replaces' : 'a real failure'}`, () => {
    assert.equal(isReplacesRejection(err), expected);
  });
}
