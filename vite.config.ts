import { defineConfig } from 'vite';

// The renderer is a static bundle served from app:// by the shell, or by the loopback web host.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: 'automatic' } },
});
