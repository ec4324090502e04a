// Bundles the Node-side entry points with esbuild (runs in `prepare`, so after `npm ci` the
// `persistcert` bin exists):
//   dist/cli/persistcert.mjs   the CLI (and the web host behind `serve`/`start`)
//   dist/electron/main.js      the Electron main process (ESM)
//   dist/electron/preload.cjs  the preload: CommonJS, because sandboxed preloads cannot be modules
// Dependencies stay external (npm installs them; few files to load keeps start-up short);
// 'electron' is provided by the Electron runtime.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };

await Promise.all([
  // The CLI inlines its pure-JS dependencies: one file to parse starts faster than hundreds of
  // modules (CLI start-up is what cron and the benchmarks pay on every run). Native addons stay out.
  build({
    ...common,
    entryPoints: ['electron/cli/persistcert.ts'],
    outfile: 'dist/cli/persistcert.mjs',
    format: 'esm',
    external: ['@napi-rs/keyring', 'electron'],
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
]);
await chmod('dist/cli/persistcert.mjs', 0o755);
