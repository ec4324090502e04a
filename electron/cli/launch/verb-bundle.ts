import { splitVerb } from '../argv.ts';
import { GLOBAL_OPTIONS } from '../global-options.ts';
import { VERB_NAMES, type VerbName } from '../verb-names.ts';

/**
 * The verb this command line runs, found exactly as the CLI's main() finds it (global options and
 * their values may stand before it), or undefined when it names none the CLI knows (help, a typo,
 * options alone). The launcher runs that verb's bundle, which holds no other verb's code.
 */
export function verbToRun(argv: readonly string[]): VerbName | undefined {
  const { verb } = splitVerb(argv, GLOBAL_OPTIONS);
  return VERB_NAMES.find((v) => v === verb);
}

/** The bundle build/bundle.mjs made for a verb; `main` holds no command and answers runs without one. */
export function bundleFileFor(verb: VerbName | undefined): string {
  return `persistcert-${verb ?? 'main'}.cjs`;
}
