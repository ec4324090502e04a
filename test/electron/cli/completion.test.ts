import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'persistcert-completion-'));

/** Loads the bash script in a real bash and completes `words` (the last one being typed). */
async function complete(words: string[], path = process.env.PATH): Promise<string[]> {
  const script = join(dir, 'persistcert.bash');
  writeFileSync(script, (await runCli(['completion', 'bash'], { PERSISTCERT_DATA_DIR: dir })).stdout);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    ['-c', `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _persistcert; printf '%s\\n' "\${COMPREPLY[@]}"`],
    {
      encoding: 'utf8',
      env: { PATH: path },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

const CASES: [string[], string[]][] = [
  [['persistcert', 'ex'], ['export']],
  [
    ['persistcert', 'co'],
    ['completion', 'config', 'configure'],
  ],
  [['persistcert', '--keystore', 'f'], ['file']],
  [['persistcert', '--keystore', 'file', 'li'], ['list']],
  [['persistcert', 'issue', '--agr'], []],
  [['persistcert', 'account', '--agree'], ['--agree-tos']],
  [['persistcert', 'list', '--data'], ['--data-dir']],
  [['persistcert', 'completion', 'z'], ['zsh']],
];
for (const [words, expected] of CASES) {
  test(`bash completes ${JSON.stringify(words.join(' '))} to ${JSON.stringify(expected)}`, async () => {
    assert.deepEqual((await complete(words)).sort(), expected);
  });
}

test('certificate names come from `persistcert __complete`', async () => {
  // A stand-in persistcert on PATH shows the script asks the CLI; the real helper is tested below.
  const bin = mkdtempSync(join(tmpdir(), 'persistcert-bin-'));
  writeFileSync(join(bin, 'persistcert'), '#!/bin/sh\n[ "$1 $2" = "__complete certificates" ] && printf "c-1\\nwww.example.test\\n"\n');
  chmodSync(join(bin, 'persistcert'), 0o755);
  assert.deepEqual(await complete(['persistcert', 'export', 'www'], `${bin}:${process.env.PATH}`), ['www.example.test']);
});

test('__complete answers from the store without a passphrase, and is not listed in --help', async () => {
  const r = await runCli(['__complete', 'certificates'], { PERSISTCERT_DATA_DIR: dir, PERSISTCERT_KEYSTORE: 'file' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.doesNotMatch((await runCli(['--help'])).stdout, /__complete/);
});

for (const shell of ['zsh', 'fish'] as const) {
  test(`the ${shell} script names every command`, async () => {
    const r = await runCli(['completion', shell]);
    assert.equal(r.code, 0);
    for (const verb of ['account', 'record', 'check', 'issue', 'export', 'renew', 'config', 'completion'])
      assert.match(r.stdout, new RegExp(`\\b${verb}\\b`));
  });
}

test('an unknown shell is refused with the choices', async () => {
  const r = await runCli(['completion', 'tcsh']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bash, zsh or fish/);
});
