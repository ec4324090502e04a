import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender, type SenderFrame } from '../../../electron/shell/ipc-sender.ts';

const ours = new Set([1, 2]);
const top = (url: string): SenderFrame => ({ url, parent: null });
const sub = (url: string): SenderFrame => ({ url, parent: top('app://persistcert/index.html') });

const cases: { what: string; frame: SenderFrame | null; owner: number | undefined; trusted: boolean }[] = [
  { what: 'our window, top frame, our UI', frame: top('app://persistcert/index.html'), owner: 1, trusted: true },
  { what: 'our other window', frame: top('app://persistcert/#/certificates'), owner: 2, trusted: true },
  { what: 'a window we did not create', frame: top('app://persistcert/index.html'), owner: 3, trusted: false },
  {
    what: 'no window at all (devtools, a service worker host)',
    frame: top('app://persistcert/index.html'),
    owner: undefined,
    trusted: false,
  },
  { what: 'an iframe inside our window', frame: sub('app://persistcert/frame.html'), owner: 1, trusted: false },
  { what: 'a frame that navigated away or was destroyed', frame: null, owner: 1, trusted: false },
  { what: 'our window showing a web page', frame: top('https://evil.example/'), owner: 1, trusted: false },
  { what: 'our window showing a lookalike app host', frame: top('app://persistcert.evil.example/'), owner: 1, trusted: false },
  { what: 'our window showing a file', frame: top('file:///tmp/index.html'), owner: 1, trusted: false },
  { what: 'our window showing about:blank', frame: top('about:blank'), owner: 1, trusted: false },
  { what: 'our window, empty URL', frame: top(''), owner: 1, trusted: false },
];

for (const c of cases) {
  test(`isTrustedSender: ${c.what} → ${c.trusted}`, () => {
    assert.equal(isTrustedSender(c.frame, c.owner, ours), c.trusted);
  });
}

test('isTrustedSender: a parent of undefined is not "no parent"', () => {
  assert.equal(isTrustedSender({ url: 'app://persistcert/', parent: undefined }, 1, ours), false);
});
