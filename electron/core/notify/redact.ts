/**
 * Secrets that could reach a log line, hidden before it is written: credentials and query values
 * in URLs (webhook tokens), long token-like path segments (Slack/Discord-style webhook paths),
 * and values labelled as HMAC keys, tokens, passwords or passphrases.
 */
const URL_RE = /\bhttps?:\/\/[^\s"'<>]+/gi;
const LABELLED_RE = /\b(hmac[-_ ]?key|eab[-_ ]?hmac[-_ ]?key|token|password|passphrase|secret)(["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{16,}$/;

export const REDACTED = '[redacted]';

export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.username || url.password) {
    url.username = REDACTED;
    url.password = '';
  }
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, REDACTED);
  url.pathname = url.pathname
    .split('/')
    .map((s) => (TOKEN_SEGMENT.test(s) ? REDACTED : s))
    .join('/');
  if (url.hash) url.hash = REDACTED;
  return decodeURI(url.toString());
}

/** True when a URL carries something secret (credentials, a query, a token-like path segment). */
export function urlHasSecret(raw: string): boolean {
  let plain: string;
  try {
    plain = decodeURI(new URL(raw).toString());
  } catch {
    return false;
  }
  return redactUrl(raw) !== plain;
}

export function redactSecrets(line: string): string {
  return line.replace(URL_RE, (u) => redactUrl(u)).replace(LABELLED_RE, (_m, label: string, sep: string) => `${label}${sep}${REDACTED}`);
}
