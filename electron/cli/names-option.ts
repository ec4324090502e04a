import { checkDnsName } from '../../shared/names.ts';
import { UsageError, listOption, type CommandContext } from './command.ts';

/** The -d names, normalized (IDN to A-labels), each checked with a message that says what to fix. */
export function namesOption(ctx: CommandContext, option = 'domain'): string[] {
  const raw = listOption(ctx.values, option)
    .flatMap((v) => v.split(','))
    .filter((v) => v.trim() !== '');
  if (raw.length === 0) throw new UsageError('Give at least one name: -d www.example.com (repeat -d for more names)');
  return checkNames(raw);
}

export function checkNames(raw: string[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const c = checkDnsName(r);
    if (!c.ok) throw new UsageError(`${JSON.stringify(r)}: ${c.error}`);
    if (!out.includes(c.ascii)) out.push(c.ascii);
  }
  return out;
}
