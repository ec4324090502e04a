import { checkDnsName, type NameCheck } from '../../../../shared/names.ts';

export interface CheckedLine {
  line: number;
  input: string;
  check: NameCheck;
}

export const MAX_NAMES = 100;

/** Checks each non-blank line; a second copy of the same name is an error too. */
export function checkLines(text: string): CheckedLine[] {
  const seen = new Set<string>();
  const out: CheckedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let check = checkDnsName(raw);
    if (check.ok) {
      if (seen.has(check.ascii)) check = { ok: false, input: raw, error: `${check.unicode} is listed twice` };
      else seen.add(check.ascii);
    }
    out.push({ line: i + 1, input: raw.trim(), check });
  });
  return out;
}

/** The names to send (A-labels), once every line is valid; null otherwise. */
export function validNames(text: string): string[] | null {
  const lines = checkLines(text);
  if (lines.length === 0 || lines.length > MAX_NAMES || lines.some((l) => !l.check.ok)) return null;
  return lines.map((l) => (l.check.ok ? l.check.ascii : ''));
}

/** A-label → the name as the user typed it (Unicode), for showing IDNs readably. */
export function unicodeNames(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const l of checkLines(text)) if (l.check.ok) map.set(l.check.ascii, l.check.unicode);
  return map;
}

/** "bücher.example (xn--bcher-kva.example)" for IDNs, the name itself otherwise. */
export function showName(ascii: string, unicode: Map<string, string>): string {
  const u = unicode.get(ascii);
  return u && u !== ascii ? `${u} (${ascii})` : ascii;
}
