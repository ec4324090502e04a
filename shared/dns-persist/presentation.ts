/**
 * TXT data as a CA's validator reads it. Pebble (va/va.go getTXTEntry) and Boulder (bdns) both
 * read TXT answers through github.com/miekg/dns, whose unpackString (msg_helpers.go, v1.1.62)
 * hands each character-string over in presentation form: `"` and `\` get a backslash, and every
 * octet below 0x20 or above 0x7E becomes `\DDD` (three decimal digits). The validators then join
 * the strings of one RR with no separator and parse that text, so a tab is the four characters
 * `\009` and "café" is `caf\195\169`: never whitespace, never a non-ASCII letter.
 */

/**
 * One character-string's octets (as a string with one char per octet, which is how Node's
 * resolver returns TXT data) in miekg/dns presentation form.
 */
export function presentOctets(octets: string): string {
  let out = '';
  for (let i = 0; i < octets.length; i++) {
    const b = octets.charCodeAt(i) & 0xff;
    if (b === 0x22 || b === 0x5c) out += `\\${octets[i]}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${String(b).padStart(3, '0')}`;
    else out += octets[i];
  }
  return out;
}

/** A JS string's UTF-8 octets, one char per octet (the form presentOctets takes). */
export function utf8Octets(text: string): string {
  // encodeURIComponent percent-encodes exactly the UTF-8 octets of everything but unreserved ASCII.
  return encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** `\DDD` escapes in presented text, in words for messages ("a tab", "non-ASCII characters"). */
export function describeEscapes(presented: string): string | undefined {
  const codes = [...presented.matchAll(/\\(\d{3})/g)].map((m) => Number(m[1]));
  if (!codes.length) return undefined;
  const kinds = new Set(codes.map((c) => (c === 9 ? 'a tab' : c < 0x20 || c === 0x7f ? 'a control character' : 'non-ASCII characters')));
  return [...kinds].join(' and ');
}

/** Presented text with its escapes undone where they stand for ASCII, for "what was meant" guesses. */
export function withoutEscapes(presented: string): string {
  return presented.replace(/\\(\d{3})/g, '').replace(/\\(.)/g, '$1');
}
