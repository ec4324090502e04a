import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassProcesses, passReport } from '../../../../electron/core/renewal/pass-process.ts';
import { FakeClock } from './fake-clock.ts';

// The daemon's stand-in for the renewal service, with real child processes that play a pass.
const T0 = new Date('2026-11-23T12:00:00Z');

/** A pass process made of `body` (plain JavaScript; `order` is the daemon's start message). */
function passScript(body: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pass-process-')), 'pass.mjs');
  writeFileSync(file, `process.once('message', async (order) => {\n${body}\n});\n`);
  return file;
}

function passes(script: string, o: { prompt?: (q: string) => Promise<string>; lines?: string[] } = {}) {
  const exits: (string | undefined)[] = [];
  const clock = new FakeClock(T0);
  const p = new PassProcesses({
    start: () => fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    order: { t: 'start', values: { 'data-dir': '/somewhere' }, canPrompt: o.prompt !== undefined },
    clock,
    line: (text) => o.lines?.push(text),
    prompt: o.prompt,
    onExit: (failure) => exits.push(failure?.message),
  });
  return { p, exits, clock };
}

test('a pass process reports the next wake-up, planned from the options it was sent', async () => {
  const { p, exits } = passes(
    passScript(
      `process.send({ t: 'done', next: order.values['data-dir'] === '/somewhere' ? '2026-12-01T00:00:00.000Z' : null }, () => process.exit(0));`,
    ),
  );
  await p.run();
  assert.equal(p.nextWakeAt()?.toISOString(), '2026-12-01T00:00:00.000Z');
  assert.deepEqual(exits, [undefined]);
  assert.ok(p.lastPid !== undefined && p.lastPid !== process.pid, 'the pass ran in another process');
});

test('a pass process that dies without a report fails the pass, and the next try waits a minute (no tight loop)', async () => {
  const { p, exits } = passes(passScript(`process.exit(9);`));
  await assert.rejects(p.run(), /exit code 9/);
  assert.equal(p.nextWakeAt()?.getTime(), T0.getTime() + 60_000);
  assert.equal(exits.length, 1);
});

test('a setup failure is reported as such (the daemon stops on it at its first pass)', async () => {
  const seen: unknown[] = [];
  const script = passScript(
    `process.send({ t: 'failed', setup: true, message: 'the store is newer than this program', exitCode: 4 }, () => process.exit(4));`,
  );
  const p = new PassProcesses({
    start: () => fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    order: { t: 'start', values: {}, canPrompt: false },
    clock: new FakeClock(T0),
    line: () => {},
    onExit: (failure) => seen.push(failure),
  });
  await assert.rejects(p.run(), /newer than this program/);
  assert.deepEqual(seen, [{ t: 'failed', setup: true, message: 'the store is newer than this program', exitCode: 4 }]);
});

test('the passphrase is asked once at the daemon and answered to every pass process that asks', async () => {
  let asked = 0;
  const script = passScript(`
process.send({ t: 'prompt', question: 'Keystore passphrase: ' });
process.once('message', (answer) => process.send({ t: 'done', next: answer.value === 'typed once' ? '2026-12-01T00:00:00.000Z' : null }, () => process.exit(0)));`);
  const { p } = passes(script, { prompt: async () => (asked++, 'typed once') });
  await p.run();
  await p.run();
  assert.equal(asked, 1);
  assert.equal(p.nextWakeAt()?.toISOString(), '2026-12-01T00:00:00.000Z');
});

const malformed: { what: string; message: unknown }[] = [
  { what: 'not an object', message: 'done' },
  { what: 'an unknown kind', message: { t: 'exec', command: 'rm -rf /' } },
  { what: 'a next wake-up that is no date', message: { t: 'done', next: 'soon' } },
  { what: 'a failure without an exit code', message: { t: 'failed', message: 'x', setup: true } },
  { what: 'a prompt without a question', message: { t: 'prompt' } },
];
for (const m of malformed) {
  test(`a pass process's message is checked: ${m.what} is dropped`, () => {
    assert.equal(passReport(m.message), undefined);
  });
}
