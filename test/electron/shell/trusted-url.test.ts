import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_INDEX_URL, APP_ORIGIN, isAppUrl } from '../../../electron/shell/trusted-url.ts';

const cases: { url: string; trusted: boolean; why?: string }[] = [
  { url: 'app://persistcert/', trusted: true },
  { url: 'app://persistcert', trusted: true, why: 'no path at all' },
  { url: 'app://persistcert/index.html', trusted: true },
  { url: 'app://persistcert/assets/index-3f2a.js?v=1#top', trusted: true },
  { url: 'app://persistcert.evil.example/', trusted: false, why: 'a prefix check would let this in' },
  { url: 'app://persistcertx/', trusted: false },
  { url: 'app://persistcert./', trusted: false, why: 'trailing dot is another host' },
  { url: 'app://evil.example/persistcert/', trusted: false },
  { url: 'app://persistcert@evil.example/', trusted: false, why: 'persistcert is the user name here' },
  { url: 'app://user@persistcert/', trusted: false, why: 'credentials' },
  { url: 'app://user:pw@persistcert/', trusted: false, why: 'credentials' },
  { url: 'app://persistcert:8080/', trusted: false, why: 'port' },
  { url: 'app://persistcert:0/', trusted: false, why: 'port' },
  { url: 'app://PERSISTCERT/', trusted: false, why: 'Chromium canonicalises to lower case; anything else is not from it' },
  { url: 'app:persistcert/index.html', trusted: false, why: 'no authority' },
  { url: 'app:///persistcert/index.html', trusted: false, why: 'empty host' },
  { url: 'appx://persistcert/', trusted: false },
  { url: 'https://persistcert/', trusted: false },
  { url: 'http://persistcert/', trusted: false },
  { url: 'file:///persistcert/index.html', trusted: false },
  { url: 'file://persistcert/index.html', trusted: false },
  { url: 'about:blank', trusted: false },
  { url: 'data:text/html,app://persistcert/', trusted: false },
  { url: 'javascript:alert(1)//app://persistcert/', trusted: false },
  { url: '/index.html', trusted: false, why: 'relative' },
  { url: '', trusted: false },
  { url: 'not a url', trusted: false },
];

for (const c of cases) {
  test(`isAppUrl(${JSON.stringify(c.url)}) is ${c.trusted}${c.why ? ` (${c.why})` : ''}`, () => {
    assert.equal(isAppUrl(c.url), c.trusted);
  });
}

test('isAppUrl refuses non-strings from untyped callers', () => {
  for (const v of [undefined, null, 42, { href: 'app://persistcert/' }, new URL('app://persistcert/')]) {
    assert.equal(isAppUrl(v as unknown as string), false, String(v));
  }
});

test('the origin and index URL are the ones the window loads', () => {
  assert.equal(APP_ORIGIN, 'app://persistcert');
  assert.equal(APP_INDEX_URL, 'app://persistcert/index.html');
  assert.equal(isAppUrl(APP_INDEX_URL), true);
});
