import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDnsName } from '../../shared/names.ts';
import { punycodeEncode } from '../../shared/punycode.ts';

test('RFC 3492 §7.1 sample strings and common IDNs encode as expected', () => {
  assert.equal(punycodeEncode('bücher'), 'bcher-kva');
  assert.equal(punycodeEncode('münchen'), 'mnchen-3ya');
  assert.equal(punycodeEncode('他们为什么不说中文'), 'ihqwcrb4cv8a8dqg056pqjye');
  assert.equal(punycodeEncode('ليهمابتكلموشعربي؟'), 'egbpdaj6bu4bxfgehfvwxn');
});

const good: [string, string, string][] = [
  ['www.example.com', 'www.example.com', 'www.example.com'],
  ['  WWW.Example.COM. ', 'www.example.com', 'www.example.com'],
  ['*.example.com', '*.example.com', '*.example.com'],
  ['Bücher.example', 'xn--bcher-kva.example', 'bücher.example'],
  ['münchen。example', 'xn--mnchen-3ya.example', 'münchen.example'],
];
for (const [input, ascii, unicode] of good) {
  test(`accepts ${JSON.stringify(input)}`, () => {
    const r = checkDnsName(input);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.ascii, ascii);
    assert.equal(r.unicode, unicode);
  });
}

const bad: [string, RegExp][] = [
  ['', /Enter a domain/],
  ['https://example.com', /without "https:\/\/"/],
  ['example', /single label/],
  ['www..example.com', /empty label/],
  ['*.*.example.com', /wildcard/],
  ['www.*.example.com', /wildcard/],
  ['-bad.example.com', /hyphens/],
  ['under_score.example.com', /hyphens/],
  ['a'.repeat(64) + '.example.com', /63/],
  ['192.168.0.1', /IP address/],
  ['foo bar.com', /spaces/],
];
for (const [input, error] of bad) {
  test(`rejects ${JSON.stringify(input).slice(0, 40)} with a fix`, () => {
    const r = checkDnsName(input);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, error);
  });
}
