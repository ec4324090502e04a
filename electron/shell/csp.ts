/**
 * The Content-Security-Policy sent with every `app://` response (Electron security
 * checklist 7). Strict like Fiddle's: nothing by default, and only our own origin for
 * scripts, styles, images, fonts and fetches. No 'unsafe-inline' or 'unsafe-eval', so an
 * injected string cannot become code; `base-uri`, `form-action`, `frame-ancestors` and
 * `object-src` close the remaining ways to load or send elsewhere.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
  ['object-src', "'none'"],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** A copy of `headers` with our CSP set, replacing any CSP it had. */
export function withCspHeader(headers: ConstructorParameters<typeof Headers>[0] = {}): Headers {
  const out = new Headers(headers);
  out.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  return out;
}
