import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caaHardening, digLine, handoffSheet, type HandoffInput } from '../../shared/handoff-sheet.ts';

const ACCOUNT = 'https://acme.example/acct/7';
const LONG = `ca.example; accounturi=${ACCOUNT}/${'x'.repeat(300)}`;
const input = (value: string, providerIds: string[], server?: { name: string; address: string; port: number }): HandoffInput => ({
  names: [
    {
      name: 'www.example.com',
      records: [{ name: '_validation-persist.www.example.com', issuer: 'ca.example', value, zoneFile: `zone-line-for ${value.length}` }],
    },
  ],
  accountUrl: ACCOUNT,
  directoryUrl: 'https://acme.example/directory',
  hosts: [
    {
      name: 'www.example.com',
      host: { zone: 'example.com', nameservers: ['ns1.example.net'], providerIds, ...(server ? { server } : {}) },
    },
  ],
});

test('dig lines: by address (with the port when not 53), else by NS name, else plain', () => {
  assert.deepEqual(
    digLine('_v.example.com', {
      zone: 'example.com',
      nameservers: ['a.ns'],
      providerIds: [],
      server: { name: 'a.ns', address: '192.0.2.1', port: 53 },
    }),
    { command: 'dig +short TXT _v.example.com @192.0.2.1', server: 'a.ns' },
  );
  assert.equal(
    digLine('_v.example.com', {
      zone: 'example.com',
      nameservers: ['a.ns'],
      providerIds: [],
      server: { name: 'a.ns', address: '127.0.0.1', port: 5353 },
    }).command,
    'dig +short TXT _v.example.com @127.0.0.1 -p 5353',
  );
  assert.equal(
    digLine('_v.example.com', { zone: 'example.com', nameservers: ['a.ns'], providerIds: [] }).command,
    'dig +short TXT _v.example.com @a.ns',
  );
  assert.equal(digLine('_v.example.com', null).command, 'dig +short TXT _v.example.com');
});

test('CAA hardening: issue for a name, issue and issuewild for a wildcard, limited to the account and dns-persist-01', () => {
  assert.deepEqual(caaHardening('www.example.com', 'ca.example', ACCOUNT), [
    `www.example.com. 3600 IN CAA 0 issue "ca.example; accounturi=${ACCOUNT}; validationmethods=dns-persist-01"`,
  ]);
  assert.equal(caaHardening('*.example.com', 'ca.example', ACCOUNT).length, 2);
  assert.match(caaHardening('*.example.com', 'ca.example', ACCOUNT)[1]!, /^example\.com\. 3600 IN CAA 0 issuewild "/);
});

const CASES: [string, HandoffInput, 'markdown' | 'text', RegExp[]][] = [
  [
    'markdown, unknown provider',
    input(`ca.example; accounturi=${ACCOUNT}`, []),
    'markdown',
    [
      /^# DNS records to publish for www\.example\.com$/m,
      /```\nca\.example; accounturi=https:\/\/acme\.example\/acct\/7\n```/,
      /In a provider's web form:/,
      /^dig \+short TXT _validation-persist\.www\.example\.com @ns1\.example\.net$/m,
    ],
  ],
  [
    'text, Route 53, long value split in quoted strings',
    input(LONG, ['route53']),
    'text',
    [
      /^DNS records to publish for www\.example\.com\n=+$/m,
      new RegExp(`^ {4}${LONG}$`, 'm'),
      /At Amazon Route 53 \(AWS console/,
      /- Value: "ca\.example; [^"]+" "x+" \(Amazon Route 53 wants the value in double quotes and does not split long values: it is 2 quoted strings/,
    ],
  ],
];
for (const [label, i, format, patterns] of CASES) {
  test(`the sheet: ${label}`, () => {
    const sheet = handoffSheet(i, format);
    for (const p of patterns) assert.match(sheet, p);
    assert.match(sheet, /What happens next/);
    assert.match(sheet, /validationmethods=dns-persist-01/);
  });
}
