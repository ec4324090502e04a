/**
 * The one origin the shell trusts: the bundled UI served by our own `app://` protocol
 * (Electron security checklist 18: a custom protocol instead of `file://`). Every trust
 * decision (IPC senders, navigation) goes through `isAppUrl`, which parses with `URL`
 * rather than comparing prefixes (checklist 13: "use a real URL parser, not startsWith"),
 * because `app://persistcert.evil.example/` or `app://persistcert@evil/` start the same way.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'persistcert';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The URL of the UI's entry page. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for `app://persistcert/…`: scheme `app`, host exactly `persistcert` (Chromium
 * lower-cases the host of a standard scheme, so we never see another spelling from it),
 * no port, no user name or password. Anything unparsable is untrusted.
 */
export function isAppUrl(url: string): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
