// The `persistcert` executable as installed (dist/cli/persistcert.cjs): it runs the bundled CLI
// of the verb on the command line (persistcert-<verb>.cjs beside it, ./verb-bundle.ts) through a
// V8 code cache, so a run loads only its verb's code and skips parsing and compiling what the last
// run of the same verb compiled. Node 20 has no compile cache for ES modules
// (module.enableCompileCache is Node 22), hence a CommonJS bundle run with vm.Script's cachedData.
// See docs/decisions/0013-cli-code-cache.md.
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { fdOutput } from '../fd-output.ts';
import { VERSION } from '../version.ts';
import { codeCacheDir, codeCacheFile, readCodeCache, userHome, writeCodeCache } from './code-cache.ts';
import { bundleFileFor, verbToRun } from './verb-bundle.ts';

/** Set by build/bundle.mjs: the first 16 hex digits of the SHA-256 of all the CLI's bundles. */
declare const CLI_BUILD: string;
/** Set by build/bundle.mjs: what the bundled CLI prints for `--help`, captured from it at build time. */
declare const CLI_HELP: string;

const argv = process.argv.slice(2);
// What the CLI itself would print for these, without reading a megabyte of bundle (scripts and
// shells call them; a test holds the two outputs equal).
const alone = argv.length === 0 ? 'help' : argv.length === 1 ? argv[0] : undefined;
// Straight to file descriptor 1, as the CLI itself writes (../fd-output.ts): process.stdout's
// set-up alone is a fifth of Node's start.
if (alone === '--version' || alone === '-V') fdOutput(1, () => process.stdout).write(`${VERSION}\n`);
else if (alone === '--help' || alone === '-h' || alone === 'help') fdOutput(1, () => process.stdout).write(CLI_HELP);
else runBundle();

function runBundle(): void {
  const verb = verbToRun(argv);
  if (verb === 'daemon') {
    // V8's memory reducer compacts the start-up garbage once the process goes quiet (~8 s after
    // start) with up to three collections, spent while the daemon idles; the second freed next
    // to nothing (heap 5.1 -> 5.1 MB, committed 7.0 -> 6.8 MB with --trace-gc) at the cost of the
    // first. One is enough (docs/decisions/0008-daemon-passes-in-child-processes.md). Set here,
    // before the reducer's first collection: the flag must not change under a reducer at work.
    // (Required here: node:v8 brings modules of its own that no other verb needs.)
    (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString('--memory-reducer-single-gc');
  }
  const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), bundleFileFor(verb));
  const dir = codeCacheDir(process.env, process.platform, userHome());
  const cacheFile = dir === undefined ? undefined : codeCacheFile(dir, CLI_BUILD, verb);
  const cached = cacheFile === undefined ? undefined : readCodeCache(cacheFile);

  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
    filename: bundle,
    ...(cached ? { cachedData: cached } : {}),
    // The bundle loads no ES module itself, but a dynamic import must behave as in a file Node loaded.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cacheFile !== undefined && (cached === undefined || script.cachedDataRejected)) {
    // At exit the cache also holds every function this run compiled, not only the top level.
    process.once('exit', () => writeCodeCache(cacheFile, CLI_BUILD, script.createCachedData()));
  }
  const bundleModule = new Module(bundle);
  bundleModule.filename = bundle;
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  run.call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
}
