// Bundles the Node-side entry points with esbuild (runs in `prepare`, so after `npm ci` the
// `persistcert` bin exists):
//   dist/cli/persistcert.mjs   the CLI (and the web host behind `serve`/`start`), with one chunk per verb beside it
//   dist/electron/main.js      the Electron main process (ESM)
//   dist/electron/preload.cjs  the preload: CommonJS, because sandboxed preloads cannot be modules
// Dependencies stay external (npm installs them; few files to load keeps start-up short);
// 'electron' is provided by the Electron runtime.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';

/**
 * zod's namespace export carries all of its ~60 message locales (z.locales), which a namespace
 * import (`import * as z`) keeps in the bundle and every command that validates would parse. We
 * use only the English messages, which zod imports directly (locales/en.js), so the aggregate is
 * an empty module here: ~0.025 s of CPU less per command that loads zod.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', plugins: [withoutZodLocales] };

// Chunk names carry a content hash: clear the old ones rather than let them pile up.
await rm('dist/cli', { recursive: true, force: true });

await Promise.all([
  // The CLI inlines its pure-JS dependencies: one file to parse starts faster than hundreds of
  // modules (CLI start-up is what cron and the benchmarks pay on every run). Native addons stay out.
  // Code splitting: each verb (verbs.ts loads them with import()) is its own chunk, so a run
  // parses only the verb it runs and the modules that verb shares with others.
  build({
    ...common,
    entryPoints: ['electron/cli/persistcert.ts'],
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    // Chunks sit beside the entry: serve and start find dist/renderer and dist/electron from their own folder.
    chunkNames: '[name]-[hash]',
    splitting: true,
    format: 'esm',
    external: ['@napi-rs/keyring', 'libsql', 'electron'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  }),
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', packages: 'external' }),
  build({
    ...common,
    entryPoints: ['electron/shell/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
await chmod('dist/cli/persistcert.mjs', 0o755);
