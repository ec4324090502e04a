import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDnsName } from '../../shared/names.ts';

// RFC 3492 §7.1 samples, then UTS #46 mapping (fullwidth, upper case, compatibility forms,
// non-transitional ß) and mixed script, as the URL standard's host parser gives them.
const IDN: [string, string][] = [
  ['bücher.example', 'xn--bcher-kva.example'],
  ['münchen.example', 'xn--mnchen-3ya.example'],
  ['他们为什么不说中文.example', 'xn--ihqwcrb4cv8a8dqg056pqjye.example'],
  ['ليهمابتكلموشعربي؟.example', 'xn--egbpdaj6bu4bxfgehfvwxn.example'],
  ['ｗｗｗ.example.com', 'www.example.com'],
  ['ＷＷＷ．ＥＸＡＭＰＬＥ．ＣＯＭ', 'www.example.com'],
  ['ｂüｃｈｅｒ.example', 'xn--bcher-kva.example'],
  ['BÜCHER.EXAMPLE', 'xn--bcher-kva.example'],
  ['ÉCOLE.example', 'xn--cole-9oa.example'],
  ['straße.example', 'xn--strae-oqa.example'],
  ['Ⅻ.example', 'xii.example'],
  ['☕.example', 'xn--53h.example'],
  ['pаypal.example', 'xn--pypal-4ve.example'],
  ['bücher-日本.example', 'xn--bcher--3ya3877rdoc.example'],
  ['*.bücher.example', '*.xn--bcher-kva.example'],
];
for (const [input, ascii] of IDN) {
  test(`IDN ${JSON.stringify(input)} is ${ascii}`, () => {
    const r = checkDnsName(input);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.ascii, ascii);
  });
}

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
  ['\u0301a.example', /cannot be turned/], // a combining mark cannot start a label
  ['a\u200db.example', /cannot be turned/], // ZWJ outside its allowed context
  ['\ufffd.example', /cannot be turned/],
  ['⒈.example', /cannot be turned/], // maps to "1." — two labels
  ['xn--zz.example', /cannot be turned/], // not valid punycode
  ['bü?cher.example', /cannot hold "\?"/],
  ['bü%41.example', /cannot hold "%"/],
  ['bü_cher.example', /hyphens/],
  ['ü.１２３', /IP address/],
];
for (const [input, error] of bad) {
  test(`rejects ${JSON.stringify(input).slice(0, 40)} with a fix`, () => {
    const r = checkDnsName(input);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, error);
  });
}
