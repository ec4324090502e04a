// BENCH_ONLY=scale: the store and every layer above it with thousands of certificates (issue 12).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PebbleInstance } from '../env/pebble.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist/cli/persistcert.mjs');
const reportCpu = path.join(import.meta.dirname, 'report-cpu.mjs');

export interface ScaleFigure {
  name: string;
  unit: string;
  persistcert: number;
  target: string;
  pass: boolean;
}

/** One CLI run: wall seconds, the process's own CPU seconds, and its standard output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ wall: number; cpu: number; stdout: string }> {
  const cpuFile = path.join(mkdtempSync(path.join(tmpdir(), 'bench-cpu-')), 'cpu.json');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', reportCpu, cli, ...args], { env: { ...process.env, ...env, BENCH_CPU_FILE: cpuFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`persistcert ${args.slice(0, 3).join(' ')} … exited ${code}:\n${stderr}`));
      resolve({ wall, cpu: (JSON.parse(readFileSync(cpuFile, 'utf8')) as { cpu: number }).cpu, stdout });
    });
  });
}

/** A data dir with an account at `pebble` and `count` certificates from one batched `issue`. */
export async function issueBatch(pebble: PebbleInstance, count: number, extraFlags: string[] = []): Promise<{ flags: string[]; wall: number; cpu: number }> {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), `bench-scale-${count}-`)), 'data');
  const flags = ['--data-dir', dataDir, '--ca', pebble.directoryUrl, '--ca-bundle', pebble.caBundlePath, ...extraFlags];
  const env = { PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'bench passphrase, long enough' };
  await runCli(['account', 'create', '--agree-tos', ...flags], env);
  const certs = Array.from({ length: count }, (_, i) => ['--cert', `n${i}.scale.example.test`]).flat();
  const run = await runCli(['issue', ...certs, '--no-precheck', '--parallel', '16', ...flags], env);
  process.stderr.write(`scale: ${count} certificates in ${run.wall.toFixed(1)} s, client CPU ${run.cpu.toFixed(1)} s\n`);
  return { flags, wall: run.wall, cpu: run.cpu };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Issue 12's batch figures: per-certificate client CPU at `large` against `small`, and total wall time. */
export async function scaleBatch(pebble: PebbleInstance, small = 500, large = Number(process.env.BENCH_SCALE ?? 10_000)): Promise<{ figures: ScaleFigure[]; flags: string[] }> {
  const a = await issueBatch(pebble, small);
  const b = await issueBatch(pebble, large);
  const perSmall = a.cpu / small;
  const perLarge = b.cpu / large;
  const env = { PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'bench passphrase, long enough' };
  const list: number[] = [];
  const renew: number[] = [];
  for (let i = 0; i < 3; i++) list.push((await runCli(['list', '--json', ...b.flags], env)).wall);
  return {
    flags: b.flags,
    figures: [
      {
        name: `batch issue: client CPU per certificate at ${large} (${(perLarge * 1000).toFixed(1)} ms) vs at ${small} (${(perSmall * 1000).toFixed(1)} ms)`,
        unit: 'x',
        persistcert: perLarge / perSmall,
        target: '<= 1.2x',
        pass: perLarge / perSmall <= 1.2,
      },
      { name: `batch issue of ${large} certificates, wall time (${small}: ${a.wall.toFixed(1)} s)`, unit: 's', persistcert: b.wall, target: '<= 180 s', pass: b.wall <= 180 },
      { name: `list --json with ${large} stored (median of 3)`, unit: 's', persistcert: median(list), target: '<= 0.5 s', pass: median(list) <= 0.5 },
      ...(renew.length ? [] : []),
    ],
  };
}
