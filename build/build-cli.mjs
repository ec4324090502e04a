// Bundles the CLI (and, later, the main process) with esbuild. Runs in `prepare`, so that after
// `npm ci` the `persistcert` bin exists. Dependencies stay external: npm installs them anyway and
// the bundle then loads a handful of files, which keeps CLI start-up short.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const outfile = 'dist/cli/persistcert.mjs';
await build({
  entryPoints: ['electron/cli/persistcert.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
