import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatVerifyEndpoint, parseVerifyEndpoint } from '../../shared/verify-endpoint.ts';

const GOOD: [string, object, string][] = [
  ['www.example.com:443', { host: 'www.example.com', port: 443 }, 'www.example.com:443'],
  ['WWW.Example.com:8443', { host: 'www.example.com', port: 8443 }, 'www.example.com:8443'],
  ['192.0.2.10:443,sni=www.example.com', { host: '192.0.2.10', port: 443, sni: 'www.example.com' }, '192.0.2.10:443,sni=www.example.com'],
  ['[2001:db8::1]:443', { host: '2001:db8::1', port: 443 }, '[2001:db8::1]:443'],
  ['mail.example.com:587,starttls=smtp', { host: 'mail.example.com', port: 587, starttls: 'smtp' }, 'mail.example.com:587,starttls=smtp'],
  [
    ' imap.example.com:143 , starttls=imap ',
    { host: 'imap.example.com', port: 143, starttls: 'imap' },
    'imap.example.com:143,starttls=imap',
  ],
  ['bücher.example:443', { host: 'xn--bcher-kva.example', port: 443 }, 'xn--bcher-kva.example:443'],
];
for (const [input, endpoint, formatted] of GOOD) {
  test(`parses ${JSON.stringify(input)}`, () => {
    const r = parseVerifyEndpoint(input);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.endpoint, endpoint);
    assert.equal(formatVerifyEndpoint(r.endpoint), formatted);
  });
}

const BAD: [string, RegExp][] = [
  ['www.example.com', /not host:port/],
  ['www.example.com:0', /out of range/],
  ['www.example.com:70000', /out of range/],
  ['*.example.com:443', /wildcard/],
  ['www.example.com:443,starttls=pop3', /starttls=smtp/],
  ['www.example.com:443,sni=*.example.com', /wildcard/],
  ['www.example.com:443,foo=1', /Unknown option/],
  ['https://www.example.com:443', /not host:port/],
  ['', /not host:port/],
];
for (const [input, error] of BAD) {
  test(`refuses ${JSON.stringify(input)} with a fix`, () => {
    const r = parseVerifyEndpoint(input);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, error);
  });
}
