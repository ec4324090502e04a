import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

// The layering rule run on real source text at real paths, through the project's own config. The
// paths are made up, so TypeScript's project cannot hold them: the rules that need types are off here
// (the layer rule needs none).
const eslint = new ESLint({
  cwd: path.resolve(import.meta.dirname, '../..'),
  errorOnUnmatchedPattern: false,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
  },
});

async function ruleErrors(filePath: string, code: string, rule: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

const LAYERS = 'persistcert/layers';
// Runtime schemas come from shared/zod.ts, which turns zod's JIT off before any schema exists.
const ZOD = '@typescript-eslint/no-restricted-imports';

const cases: { file: string; code: string; allowed: boolean; rule?: string }[] = [
  { file: 'electron/shell/window.ts', code: "import { BrowserWindow } from 'electron';", allowed: true },
  { file: 'electron/core/acme/x.ts', code: "import { app } from 'electron';", allowed: false },
  { file: 'electron/cli/x.ts', code: "const e = require('electron');", allowed: false },
  { file: 'electron/core/acme/x.ts', code: "import fs from 'node:fs'; import { z } from '../../../shared/x.ts';", allowed: true },
  { file: 'electron/core/acme/x.ts', code: "import { App } from '../../../renderer/src/App.tsx';", allowed: false },
  { file: 'electron/core/app/x.ts', code: "import { main } from '../../cli/main.ts';", allowed: false },
  { file: 'electron/core/app/x.ts', code: "import { startWebHost } from '../../web-host/server.ts';", allowed: false },
  {
    file: 'electron/cli/commands/x.ts',
    code: "import { startWebHost } from '../../web-host/server.ts'; import { a } from '../../core/app/x.ts';",
    allowed: true,
  },
  { file: 'electron/shell/x.ts', code: "import { main } from '../cli/main.ts';", allowed: false },
  { file: 'shared/record.ts', code: "import fs from 'node:fs';", allowed: false },
  { file: 'shared/record.ts', code: "import { createHash } from 'crypto';", allowed: false },
  { file: 'shared/record.ts', code: "import { AcmeClient } from '../electron/core/acme/client.ts';", allowed: false },
  { file: 'shared/record.ts', code: "import React from 'react';", allowed: false },
  { file: 'shared/record.ts', code: "import { z } from 'zod'; import { a } from './names.ts';", allowed: true },
  { file: 'renderer/src/App.tsx', code: "import { useState } from 'react'; import { a } from '../../shared/x.ts';", allowed: true },
  { file: 'renderer/src/App.tsx', code: "import { readFile } from 'node:fs/promises';", allowed: false },
  { file: 'renderer/src/App.tsx', code: "import { ipcRenderer } from 'electron';", allowed: false },
  { file: 'renderer/src/App.tsx', code: "import { AcmeClient } from '../../electron/core/acme/client.ts';", allowed: false },
  { file: 'renderer/src/App.tsx', code: "import { SignJWT } from 'jose';", allowed: false },
  { file: 'renderer/src/App.tsx', code: "export * from '../../electron/core/acme/client.ts';", allowed: false },
  { file: 'renderer/src/App.tsx', code: "const m = import('node:path');", allowed: false },
  { file: 'electron/core/acme/x.ts', code: "import { z } from 'zod'; export const s = z.string();", allowed: false, rule: ZOD },
  { file: 'shared/api/x.ts', code: "import { z } from 'zod'; export const s = z.string();", allowed: false, rule: ZOD },
  { file: 'electron/core/acme/x.ts', code: "import type { z } from 'zod'; export type S = z.ZodString;", allowed: true, rule: ZOD },
  {
    file: 'electron/core/acme/x.ts',
    code: "import { z } from '../../../shared/zod.ts'; export const s = z.string();",
    allowed: true,
    rule: ZOD,
  },
  { file: 'shared/zod.ts', code: "import { config, z } from 'zod'; config({ jitless: true }); export { z };", allowed: true, rule: ZOD },
];

for (const c of cases) {
  test(`${c.file}: ${c.code} is ${c.allowed ? 'allowed' : 'rejected'}`, async () => {
    const errors = await ruleErrors(c.file, c.code, c.rule ?? LAYERS);
    if (c.allowed) assert.deepEqual(errors, []);
    else assert.ok(errors.length > 0, `expected a ${c.rule ?? LAYERS} error`);
  });
}

test('the repository itself obeys the layering', async () => {
  const results = await eslint.lintFiles(['shared', 'renderer', 'electron']);
  const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === LAYERS).map((m) => `${r.filePath}: ${m.message}`));
  assert.deepEqual(broken, []);
});
