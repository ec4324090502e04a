import type { OptionSpec } from './command.ts';

/**
 * Finds the verb in argv when global options may stand before it (`persistcert --keystore file
 * account create`): options and their values are skipped by their declared type.
 */
export function splitVerb(
  argv: readonly string[],
  globals: OptionSpec,
): { verb: string | undefined; rest: string[]; unknownOption?: string } {
  const before: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') return { verb: arg, rest: [...before, ...argv.slice(i + 1)] };
    before.push(arg);
    const name = arg.startsWith('--')
      ? arg.slice(2).split('=')[0]!
      : Object.entries(globals).find(([, o]) => o.short === arg.slice(1))?.[0];
    const known = ['help', 'version', 'h', 'V'].includes(arg.replace(/^-+/, '')) || (name !== undefined && name in globals);
    if (!known) return { verb: undefined, rest: before, unknownOption: arg.replace(/^-+/, '').split('=')[0]! };
    if (name && !arg.includes('=') && globals[name]?.type === 'string' && i + 1 < argv.length) before.push(argv[++i]!);
  }
  return { verb: undefined, rest: before };
}

/** Optimal string alignment distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}
