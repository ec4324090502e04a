/**
 * Opening links in the user's browser (Electron security checklist 15: never hand untrusted
 * input to `shell.openExternal`). The renderer is untrusted, so the value is `unknown` and
 * only plain web links pass: `file:`, `smb:` or UNC paths could run or mount things, and
 * `javascript:`/`data:`/`app:` have no business leaving the app. Same policy as Fiddle's
 * `safelyOpenWebURL` and Actual's `openExternalUrl`.
 */

/** The parsed link when it is an http(s) URL with a host and no credentials; else null. */
export function safeExternalUrl(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    // No base URL: relative links, `//host/x` and UNC paths (`\\server\share`) do not parse.
    url = new URL(value);
  } catch {
    return null;
  }
  // http(s) URLs always have a host: `https://` alone does not parse.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // `https://bank.example@evil.example/` reads as the bank but goes to evil.example.
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

/**
 * Opens `value` with `open` (the injected `shell.openExternal`) when it is a safe web link.
 * Resolves true when it was handed over, false when refused or when opening failed.
 */
export async function openExternalSafely(value: unknown, open: (url: string) => Promise<void>): Promise<boolean> {
  const url = safeExternalUrl(value);
  if (!url) return false;
  try {
    // The normalised form, so what we checked is exactly what the OS receives.
    await open(url.href);
    return true;
  } catch {
    return false;
  }
}
