// Issue 12's dashboard figures alone, over a data dir kept between runs (building one takes minutes):
//   bash test/env/with-keyring.sh node --import tsx test/bench/dashboard-only.ts build <dir> [count]
//   bash test/env/with-keyring.sh node --import tsx test/bench/dashboard-only.ts measure <dir> [count]
// `build` is what the full bench does before its dashboard figure: one batched issue, then the
// first renew --all (which stores renewal information for every certificate). `measure` runs the
// bench's own dashboard() against this tree's dist/renderer; build it first (package.json `build`).
import { cpSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { startBind } from '../env/bind.ts';
import { startPebble } from '../env/pebble.ts';
import { dashboard, issueBatch, runCli } from './scale.ts';

const [mode, dirArg, countArg] = process.argv.slice(2);
if ((mode !== 'build' && mode !== 'measure') || dirArg === undefined) {
  process.stderr.write('usage: dashboard-only.ts build|measure <dir> [count]\n');
  process.exit(2);
}
const dir = path.resolve(dirArg);
const count = Number(countArg ?? 10_000);
const dataDir = path.join(dir, 'data');

if (mode === 'build') {
  if (existsSync(dataDir)) throw new Error(`${dataDir} exists: pick another dir`);
  // As bench.ts's scale(): the record lookups go to a loopback BIND, never off the machine.
  const dns = await startBind({ zone: 'example.test' });
  const s0 = dns.servers[0]!;
  const pebble = await startPebble({ env: { PEBBLE_VA_ALWAYS_VALID: '1', PEBBLE_WFE_NONCEREJECT: '0' } });
  try {
    const { flags } = await issueBatch(pebble, count, ['--dns', `${s0.address}:${s0.port}`, '--auth-port', String(s0.port)]);
    await runCli(['renew', '--all', '--quiet', ...flags], {
      PERSISTCERT_KEYSTORE: 'file',
      PERSISTCERT_PASSPHRASE: 'bench passphrase, long enough',
    });
    // issueBatch makes its data dir under TMPDIR, which with-keyring.sh removes on exit.
    const made = flags[flags.indexOf('--data-dir') + 1]!;
    try {
      renameSync(made, dataDir);
    } catch {
      cpSync(made, dataDir, { recursive: true });
    }
  } finally {
    await pebble.stop();
    await dns.stop();
  }
  process.stdout.write(`${dataDir}\n`);
} else {
  const ui = await dashboard(dataDir, `n${Math.floor(count * 0.777)}.scale.example.test`);
  process.stdout.write(`${JSON.stringify(ui)}\n`);
}
