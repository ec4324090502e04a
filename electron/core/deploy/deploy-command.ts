/**
 * Runs a deploy command (e.g. `systemctl reload nginx`) through the system shell, the way the
 * user would type it, with a time limit that really ends it: the command runs in its own process
 * group so that a reload script's children die with it. Never throws: the caller reports.
 * Asynchronous throughout (no spawnSync): a blocked event loop would stop the timeout and the
 * reading of output, and a chatty child would then stall on a full pipe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { OutputTail } from './output-tail.ts';

export interface ShellCommandOptions {
  timeoutMs: number;
  /** The complete environment (not merged with process.env). */
  env: Record<string, string>;
  cwd?: string;
  /** Output kept, from the end. */
  outputLimitBytes: number;
  /** How long the group gets between SIGTERM and SIGKILL after the timeout (default 2000). */
  killGraceMs?: number;
}

export interface ShellCommandResult {
  /** null when the shell was killed by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** stdout and stderr interleaved, at most outputLimitBytes of the end plus a cut marker. */
  output: string;
  /** Set when the shell could not be started at all (a missing cwd, no /bin/sh). */
  spawnError?: Error;
}

const IS_WINDOWS = process.platform === 'win32';

/**
 * After the shell exits, how long to wait for its pipes to close. A background process it left
 * behind (a daemon a restart script started) may hold them open for ever.
 */
const DRAIN_MS = 500;

/**
 * The shell and its arguments. On POSIX, `exec 2>&1` first sends stderr into the stdout pipe for
 * the shell and everything it starts, so the two stay interleaved exactly as written (two pipes
 * read side by side lose the order). It is prepended on the same line so line numbers in the
 * shell's own messages stay the user's. cmd.exe gets the quoting Node uses for `shell: true`.
 */
function shellInvocation(run: string): { file: string; args: string[] } {
  if (IS_WINDOWS) return { file: process.env.ComSpec || 'cmd.exe', args: ['/d', '/s', '/c', `"${run}"`] };
  return { file: '/bin/sh', args: ['-c', `exec 2>&1; ${run}`] };
}

export async function runShellCommand(run: string, options: ShellCommandOptions): Promise<ShellCommandResult> {
  const started = performance.now();
  const tail = new OutputTail(options.outputLimitBytes);
  const result = (fields: Omit<ShellCommandResult, 'durationMs' | 'output'>): ShellCommandResult => ({
    ...fields,
    durationMs: Math.round(performance.now() - started),
    output: tail.text(),
  });

  const { file, args } = shellInvocation(run);
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group (setsid) on POSIX, so the timeout can signal the whole group.
      detached: !IS_WINDOWS,
      windowsHide: true,
      windowsVerbatimArguments: IS_WINDOWS,
    });
  } catch (err) {
    // Invalid arguments (a NUL byte in the command or environment) throw synchronously.
    return result({ exitCode: null, signal: null, timedOut: false, spawnError: err as Error });
  }

  // Every listener is attached before the first await, so no event can be missed.
  const streams = [child.stdout!, child.stderr!];
  for (const stream of streams) stream.on('data', (chunk: Buffer) => tail.push(chunk));
  const drained = Promise.all(streams.map((stream) => once(stream, 'close').catch(() => {})));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  child.on('error', () => {}); // later errors (none expected: we signal with process.kill) must not crash the app
  if (spawnError) {
    for (const stream of streams) stream.destroy();
    return result({ exitCode: null, signal: null, timedOut: false, spawnError });
  }

  let timedOut = false;
  let killing: Promise<void> | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killing = killTree(child.pid!, options.killGraceMs ?? 2000);
  }, options.timeoutMs);

  const { code, signal } = await exited;
  clearTimeout(timer);
  if (killing) await killing;
  await Promise.race([drained, delay(DRAIN_MS)]);
  for (const stream of streams) stream.destroy();
  return result({ exitCode: code, signal, timedOut });
}

/** Ends the command and everything it started; resolves once that is done (or attempted). */
async function killTree(pid: number, graceMs: number): Promise<void> {
  if (IS_WINDOWS) {
    // No process groups to signal; taskkill /T walks the tree (it is already forceful with /F).
    const taskkill = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    await Promise.race([once(taskkill, 'exit'), once(taskkill, 'error')]).catch(() => {});
    return;
  }
  // SIGTERM first so a reload script can clean up; SIGKILL for whatever still runs after the grace.
  signalGroup(pid, 'SIGTERM');
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    await delay(50);
    if (!groupExists(pid)) return;
  }
  signalGroup(pid, 'SIGKILL');
}

/** kill(-pgid): the detached shell is its group's leader, so its pid is the group id. */
function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
