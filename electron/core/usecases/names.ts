import { checkDnsName } from '../../../shared/names.ts';
import { InputError } from '../user-error.ts';

/** Names as typed, normalized (IDN to A-labels) and deduplicated; the first bad one is refused with its reason. */
export function validNames(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of raw) {
    const c = checkDnsName(n);
    if (!c.ok) throw new InputError(`${JSON.stringify(n)}: ${c.error}`);
    if (!out.includes(c.ascii)) out.push(c.ascii);
  }
  return out;
}
