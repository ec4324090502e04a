import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shell's logic runs in plain Node only because it never loads 'electron' at run time:
 * type-only imports are erased. Only the two entry points may load it for real, and only
 * the preload may touch contextBridge or ipcRenderer.
 */
const shellDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../electron/shell');
const sources = readdirSync(shellDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(path.join(shellDir, f), 'utf8') }));

const RUNTIME_IMPORT =
  /^\s*import\s+(?!type\b)[^;]*?from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/m;
const ENTRY_POINTS = new Set(['main.ts', 'preload.ts']);

test('the shell has its expected files', () => {
  assert.ok(sources.length >= 10, sources.map((s) => s.file).join(', '));
});

for (const { file, text } of sources) {
  const entry = ENTRY_POINTS.has(file);
  test(`${file} ${entry ? 'may load' : 'never loads'} 'electron' at run time`, () => {
    if (!entry) assert.doesNotMatch(text, RUNTIME_IMPORT);
  });
  if (file !== 'preload.ts') {
    test(`${file} does not touch contextBridge or ipcRenderer`, () => {
      assert.doesNotMatch(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''), /\b(contextBridge|ipcRenderer)\b/);
    });
  }
}

test('the entry points do load electron (so the check above is looking at the right thing)', () => {
  for (const { file, text } of sources) if (ENTRY_POINTS.has(file)) assert.match(text, RUNTIME_IMPORT, file);
});
