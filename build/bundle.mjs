// Bundles the Node-side entry points with esbuild (runs in `prepare`, so after `npm ci` the
// `persistcert` bin exists):
//   dist/cli/persistcert.cjs   the CLI's launcher, which runs the bundle of the verb on the command
//                              line (dist/cli/persistcert-<verb>.cjs) through a V8 code cache
//   dist/electron/main.js      the Electron main process (ESM)
//   dist/electron/preload.cjs  the preload: CommonJS, because sandboxed preloads cannot be modules
// Native dependencies stay external (npm installs them); the CLI inlines the pure-JS ones;
// 'electron' is provided by the Electron runtime.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * libsql's JavaScript is bundled into the CLI (its prebuilt native package stays external), with
 * build/libsql-target.mjs in place of @neon-rs/load: same answers, without the diagnostic report
 * neon builds to tell glibc from musl (~4.5 ms of every command that opens the store).
 */
const libsqlWithoutReport = {
  name: 'libsql-without-report',
  setup(b) {
    b.onResolve({ filter: /^@neon-rs\/load$/ }, (args) =>
      /[\\/]libsql[\\/]/.test(args.importer) ? { path: path.resolve('build/libsql-target.mjs') } : undefined,
    );
    // The stand-in shares libsql's own copy of detect-libc (and its cached answer).
    b.onResolve({ filter: /^detect-libc$/ }, (args) =>
      args.importer.endsWith('libsql-target.mjs')
        ? b.resolve('detect-libc', { kind: args.kind, resolveDir: path.dirname(require.resolve('libsql')) })
        : undefined,
    );
    // detect-libc requires child_process at load (with dgram and net's handle passing, ~3 ms) for
    // a command it runs only when reading the ELF interpreter and ldd gave no answer: it gets
    // child_process when it calls it.
    b.onResolve({ filter: /^child_process$/ }, (args) =>
      /[\\/]detect-libc[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /^lazy-child-process$/, namespace: 'lazy' }, () => ({
      contents:
        "const load = () => require('node:child_process');\n" +
        'module.exports = { exec: (...a) => load().exec(...a), execSync: (...a) => load().execSync(...a) };\n',
      loader: 'js',
    }));
  },
};

/** @napi-rs/keyring's binary through build/keyring-binding.mjs instead of the package's loader. */
const keyringBinding = {
  name: 'keyring-binding',
  setup(b) {
    b.onResolve({ filter: /^@napi-rs\/keyring$/ }, (args) =>
      args.importer.endsWith(`${path.sep}os-keychain.ts`) ? { path: path.resolve('build/keyring-binding.mjs') } : undefined,
    );
    // The stand-in shares libsql's copy of detect-libc, through libsql-target.mjs.
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };

// Earlier builds left per-verb chunks here: clear them rather than let them pile up.
await rm('dist/cli', { recursive: true, force: true });

/**
 * The verbs of electron/cli/verbs.ts with the commands/ module each one loads. Read from its text:
 * the build runs before anything compiles TypeScript, and a table it cannot read stops the build.
 */
function verbModules() {
  const source = readFileSync('electron/cli/verbs.ts', 'utf8');
  const pattern = /name: '([\w-]+)',[^}]*?load: async \(\) => \(await import\('\.\/(commands\/[\w-]+\.ts)'\)\)/g;
  const verbs = [...source.matchAll(pattern)].map(([, name, module]) => ({ name, module }));
  if (verbs.length === 0 || verbs.length !== (source.match(/\bname: '/g) ?? []).length) {
    throw new Error('build/bundle.mjs: cannot read every verb and its module from electron/cli/verbs.ts');
  }
  return verbs;
}

/**
 * Keeps only `modules` of the commands verbs.ts loads; every other one becomes a module that
 * throws, which no run reaches: the launcher picks the bundle with the same argv parsing as the CLI.
 */
function onlyCommands(modules) {
  return {
    name: 'only-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\// }, (args) =>
        args.importer.endsWith(`${path.sep}verbs.ts`) && !modules.includes(args.path.slice(2))
          ? { path: args.path, namespace: 'other-verb' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'other-verb' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`internal error: ${args.path} is not in this verb's bundle`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * The CLI: one CommonJS bundle per verb, which the launcher (dist/cli/persistcert.cjs) picks from
 * the command line and runs through a V8 code cache (docs/decisions/0004 and 0013). A verb's bundle
 * holds its own command module and what that imports, so a run reads, deserialises and sets up
 * only its own code; a verb whose module lists every verb (completion: describeVerbs) has them all.
 * persistcert-main.cjs, with no command, answers runs that name none (help, unknown verbs).
 * Pure-JS dependencies are inlined; native addons stay out.
 */
async function buildCli() {
  const verbs = verbModules();
  const everyModule = verbs.map((v) => v.module);
  const bundles = [
    { name: 'main', modules: [] },
    ...verbs.map(({ name, module }) => ({
      name,
      modules: readFileSync(`electron/cli/${module}`, 'utf8').includes('describeVerbs(') ? everyModule : [module],
    })),
  ];
  await Promise.all(
    bundles.map(({ name, modules }) =>
      build({
        ...common,
        entryPoints: ['electron/cli/persistcert.ts'],
        outfile: `dist/cli/persistcert-${name}.cjs`,
        minifyWhitespace: true,
        minifySyntax: true,
        // The maps point into the sources the checkout already has: 23 copies of them made 36 MB.
        sourcesContent: false,
        format: 'cjs',
        external: ['@napi-rs/keyring', '@libsql/*', 'electron'],
        plugins: [libsqlWithoutReport, keyringBinding, onlyCommands(modules)],
        // serve, start and daemon find dist/renderer, dist/electron and the entry from the bundle's folder.
        define: { 'import.meta.url': '__bundleUrl', 'import.meta.dirname': '__dirname' },
        banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
      }),
    ),
  );
  // One hash for the whole build names the code caches (a cache must never meet another build).
  const hash = createHash('sha256');
  for (const { name } of bundles) hash.update(readFileSync(`dist/cli/persistcert-${name}.cjs`));
  await build({
    ...common,
    sourcemap: false,
    entryPoints: ['electron/cli/launch/launcher.ts'],
    // CommonJS: Node starts a CommonJS entry without setting up its ES module loader.
    outfile: 'dist/cli/persistcert.cjs',
    format: 'cjs',
    define: {
      CLI_BUILD: JSON.stringify(hash.digest('hex').slice(0, 16)),
      CLI_HELP: JSON.stringify(cliHelp()),
      'import.meta.url': '__launcherUrl',
    },
    banner: { js: "#!/usr/bin/env node\nconst __launcherUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await chmod('dist/cli/persistcert.cjs', 0o755);
}

/** `persistcert --help` as the CLI just built prints it: the launcher answers it without loading a bundle. */
function cliHelp() {
  return execFileSync(process.execPath, ['dist/cli/persistcert-main.cjs', '--help'], {
    encoding: 'utf8',
    env: { ...process.env, PERSISTCERT_CODE_CACHE: 'off' },
  });
}

await Promise.all([
  buildCli(),
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', packages: 'external' }),
  build({
    ...common,
    entryPoints: ['electron/shell/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
