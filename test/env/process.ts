// Child processes for test servers: output kept in memory, stopped by PID, never orphaned
// (PID 1 on the test machines does not reap, so a stray server would live forever).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Lines of output kept per server; TEST_CHILD_LOG_LINES raises it (e.g. to keep a Go goroutine dump). */
const MAX_LINES = Number(process.env.TEST_CHILD_LOG_LINES ?? 200);

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface Child {
  readonly name: string;
  readonly pid: number | undefined;
  readonly proc: ChildProcess;
  /** Resolves once the process has exited (or failed to spawn). */
  readonly exited: Promise<ExitInfo>;
  running(): boolean;
  /** The last ~200 lines of stdout and stderr, interleaved. */
  output(): string;
  /** SIGTERM, wait for exit, SIGKILL after `timeoutMs`. Idempotent. */
  stop(timeoutMs?: number): Promise<ExitInfo>;
}

export interface SpawnChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra bytes to write on stdin, then close it. */
  stdin?: string;
}

const live = new Set<Child>();

function killAllSync(): void {
  for (const c of live) {
    try {
      if (c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

// 'exit' runs for normal ends and process.exit(); the signal handlers only act when nothing else
// listens, so programs like the sandbox can still shut down gracefully themselves.
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  const handler = (): void => {
    if (process.listenerCount(sig) > 1) return;
    killAllSync();
    process.removeListener(sig, handler);
    process.kill(process.pid, sig);
  };
  process.on(sig, handler);
}

/** process.env without proxy settings: Go and Node clients in children must never leave loopback via a proxy. */
export function hermeticEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/_proxy$/i.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Number of children started here that have not exited yet (for leak checks in tests). */
export function liveChildren(): number {
  return live.size;
}

export function spawnChild(name: string, command: string, args: string[], opts: SpawnChildOptions = {}): Child {
  const lines: string[] = [];
  const partial: Record<'out' | 'err', string> = { out: '', err: '' };
  const push = (stream: 'out' | 'err', chunk: Buffer): void => {
    const parts = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial[stream] = parts.pop() ?? '';
    for (const l of parts) lines.push(l);
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
  };

  const spawnOpts: SpawnOptions = {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  };
  const proc = spawn(command, args, spawnOpts);
  proc.stdout?.on('data', (b: Buffer) => push('out', b));
  proc.stderr?.on('data', (b: Buffer) => push('err', b));
  if (opts.stdin !== undefined && proc.stdin) {
    proc.stdin.on('error', () => undefined); // child may exit before reading
    proc.stdin.end(opts.stdin);
  }

  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    proc.once('error', (error) => {
      // Spawn failures (ENOENT) emit 'error' and no 'exit'.
      if (proc.pid === undefined) {
        done = true;
        live.delete(child);
        resolve({ code: null, signal: null, error });
      }
    });
    proc.once('close', (code, signal) => {
      done = true;
      live.delete(child);
      resolve({ code, signal });
    });
  });

  const child: Child = {
    name,
    pid: proc.pid,
    proc,
    exited,
    running: () => !done,
    output: () => [...lines, partial.out, partial.err].filter((l) => l !== '').join('\n'),
    async stop(timeoutMs = 5000) {
      if (done) return exited;
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (!done) proc.kill('SIGKILL');
          resolve();
        }, timeoutMs);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      return exited;
    },
  };
  if (proc.pid !== undefined) live.add(child);
  return child;
}

/** Runs a command to completion and returns its stdout; rejects with its output on a non-zero exit. */
export async function run(command: string, args: string[], opts: SpawnChildOptions & { timeoutMs?: number } = {}): Promise<string> {
  const child = spawnChild(command, command, args, opts);
  const stdout: Buffer[] = [];
  child.proc.stdout?.on('data', (b: Buffer) => stdout.push(b));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs ?? 30_000);
  });
  const res = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  if (res === 'timeout') {
    await child.stop(1000);
    throw new Error(`${command} ${args.join(' ')} timed out\n${child.output()}`);
  }
  if (res.error) throw new Error(`cannot run ${command}: ${res.error.message}`);
  if (res.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${res.code ?? res.signal}\n${child.output()}`);
  }
  return Buffer.concat(stdout).toString('utf8');
}

/**
 * Polls `probe` until it returns a value other than undefined. Fails fast, with the child's output,
 * if the watched child exits first. `probe` errors count as "not yet" and the last one is reported.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; intervalMs?: number; child?: Child } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let interval = opts.intervalMs ?? 10;
  let lastError: unknown;
  for (;;) {
    if (opts.child && !opts.child.running()) {
      const info = await opts.child.exited;
      throw new Error(
        `${opts.child.name} exited (${info.error?.message ?? info.code ?? info.signal}) while waiting for ${what}\n` + opts.child.output(),
      );
    }
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out waiting for ${what}${last}${opts.child ? `\n${opts.child.output()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 2, 100);
  }
}
