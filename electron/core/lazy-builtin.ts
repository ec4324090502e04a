import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

/**
 * A Node built-in module, loaded at the first call instead of at start-up: a command that never
 * gets there (`list` never writes a file, most runs ask no question) does not pay for it. Loaded
 * with require, not import(): the CLI's bundle runs in a vm.Script, where import() goes through
 * an experimental loader that prints a warning.
 */
export function lazyBuiltin<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireBuiltin(name) as T);
}
