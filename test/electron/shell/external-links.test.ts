import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openExternalSafely } from '../../../electron/shell/external-links.ts';

/** value → the URL handed to the OS, or null when it must be refused. */
const cases: { what: string; value: unknown; opens: string | null }[] = [
  { what: 'https link', value: 'https://example.com', opens: 'https://example.com/' },
  { what: 'http link with path, query and fragment', value: 'http://example.com/a?b=1#c', opens: 'http://example.com/a?b=1#c' },
  { what: 'upper-case scheme and host, normalised', value: 'HTTPS://Example.COM/Docs', opens: 'https://example.com/Docs' },
  {
    what: "a CA's terms of service",
    value: 'https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf',
    opens: 'https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf',
  },
  { what: 'javascript:', value: 'javascript:alert(1)', opens: null },
  { what: 'JavaScript: mixed case', value: 'JavaScript:alert(1)', opens: null },
  { what: 'javascript: behind whitespace', value: '  javascript:alert(1)', opens: null },
  { what: 'vbscript:', value: 'vbscript:msgbox(1)', opens: null },
  { what: 'file: URL', value: 'file:///etc/passwd', opens: null },
  { what: 'file: URL to a share', value: 'file://server/share/run.exe', opens: null },
  { what: 'our own app: URL', value: 'app://persistcert/index.html', opens: null },
  { what: 'data: URL', value: 'data:text/html,<script>alert(1)</script>', opens: null },
  { what: 'smb:// share', value: 'smb://server/share', opens: null },
  { what: 'UNC path', value: '\\\\server\\share\\run.exe', opens: null },
  { what: 'protocol-relative link', value: '//evil.example/x', opens: null },
  { what: 'absolute path', value: '/etc/passwd', opens: null },
  { what: 'relative path', value: 'docs/readme.html', opens: null },
  { what: 'mailto:', value: 'mailto:someone@example.com', opens: null },
  { what: 'ms-settings: handler', value: 'ms-settings:privacy', opens: null },
  { what: 'https with credentials', value: 'https://user:pw@example.com/', opens: null },
  { what: 'https with a user name that looks like a host', value: 'https://bank.example@evil.example/', opens: null },
  { what: 'https without a host', value: 'https://', opens: null },
  { what: 'empty string', value: '', opens: null },
  { what: 'undefined', value: undefined, opens: null },
  { what: 'null', value: null, opens: null },
  { what: 'a number', value: 42, opens: null },
  { what: 'a URL object', value: new URL('https://example.com/'), opens: null },
  { what: 'an object whose toString is a link', value: { toString: () => 'https://example.com/' }, opens: null },
  { what: 'an array holding a link', value: ['https://example.com/'], opens: null },
];

for (const c of cases) {
  test(`openExternalSafely: ${c.what} ${c.opens ? 'opens' : 'is refused'}`, async () => {
    const opened: string[] = [];
    const ok = await openExternalSafely(c.value, async (url) => {
      opened.push(url);
    });
    assert.equal(ok, c.opens !== null);
    assert.deepEqual(opened, c.opens === null ? [] : [c.opens]);
  });
}

test('openExternalSafely reports false when the OS cannot open the link', async () => {
  const ok = await openExternalSafely('https://example.com/', () => Promise.reject(new Error('no browser')));
  assert.equal(ok, false);
});
