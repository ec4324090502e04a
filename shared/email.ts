/**
 * An ACME contact as the user types it: an email address (RFC 8555 §7.3 sends it as mailto:).
 * Deliberately loose (one @, a dot in the domain, no spaces or mailto-breaking characters); the
 * CA has the last word. Returns what is wrong, in words about the address the user typed.
 */
export function emailProblem(typed: string): string | null {
  const email = typed.trim();
  if (email === '') return null;
  if (/^mailto:/i.test(email)) return 'Write only the address, without "mailto:"';
  if (!/^[^\s@,;?<>"]+@[^\s@,;?<>"]+\.[^\s@,;?<>".]{2,}$/.test(email))
    return `"${email}" is not an email address: write it as name@example.com`;
  return null;
}
