import { timingSafeEqual } from 'node:crypto';

/**
 * The loopback web host's gatekeeping, pure so it is tested on its own. A page on another site
 * can make the browser send requests to 127.0.0.1; these checks are what stop it:
 * - the Host header must name our loopback origin (a DNS-rebinding page sends its own name);
 * - a request that carries an Origin must come from our origin (no CORS, ever);
 * - API calls need the random token from the URL the user was given.
 */
export interface HostIdentity {
  port: number;
  token: string;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHost(host: string | undefined, id: HostIdentity): boolean {
  return host !== undefined && allowedHosts(id.port).includes(host.toLowerCase());
}

/** Origin must be ours when present; state-changing requests (POST) must carry one. */
export function isAllowedOrigin(origin: string | undefined, id: HostIdentity, required: boolean): boolean {
  if (origin === undefined) return !required;
  return allowedHosts(id.port).some((h) => origin === `http://${h}`);
}

export function tokenMatches(candidate: string | undefined | null, id: HostIdentity): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(id.token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The strict CSP for the UI; the same policy the Electron shell applies to app://. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
