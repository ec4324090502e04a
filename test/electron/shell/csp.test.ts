import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_SECURITY_POLICY, withCspHeader } from '../../../electron/shell/csp.ts';

test('the CSP is exactly the strict policy', () => {
  assert.equal(
    CONTENT_SECURITY_POLICY,
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
      "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  );
});

for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'blob:']) {
  test(`the CSP never allows ${forbidden}`, () => {
    const sources = CONTENT_SECURITY_POLICY.split(';').flatMap((d) => d.trim().split(/\s+/).slice(1));
    assert.ok(!sources.includes(forbidden), `${forbidden} in ${CONTENT_SECURITY_POLICY}`);
  });
}

test('each directive appears once (a browser ignores repeats, so a second one would be dead)', () => {
  const names = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)[0]);
  assert.equal(new Set(names).size, names.length);
});

const inputs: { what: string; headers: ConstructorParameters<typeof Headers>[0] | undefined }[] = [
  { what: 'no headers', headers: undefined },
  { what: 'a plain object', headers: { 'Content-Type': 'text/html' } },
  { what: 'an array of pairs', headers: [['Content-Type', 'text/html']] },
  {
    what: 'a Headers with a weaker CSP',
    headers: new Headers({ 'content-security-policy': 'default-src *', 'Content-Type': 'text/html' }),
  },
];
for (const c of inputs) {
  test(`withCspHeader on ${c.what}: sets our CSP, keeps the rest, leaves the input alone`, () => {
    const before = c.headers instanceof Headers ? [...c.headers.entries()] : undefined;
    const out = withCspHeader(c.headers);
    assert.equal(out.get('Content-Security-Policy'), CONTENT_SECURITY_POLICY);
    if (c.headers !== undefined) assert.equal(out.get('Content-Type'), 'text/html');
    if (c.headers instanceof Headers) assert.deepEqual([...c.headers.entries()], before);
  });
}
