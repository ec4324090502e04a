import type { ChildProcess } from 'node:child_process';
import type { Clock } from './clock.ts';
import type { PassService } from './scheduler.ts';

/**
 * What a pass process says to the daemon over its IPC channel. Its log lines and notices it writes
 * itself (to the daemon's stdout, which it shares, and to the data dir's log): the daemon's
 * process then handles no per-certificate data at all, and has no garbage to collect after a pass.
 */
export type PassReport =
  | { t: 'prompt'; question: string }
  | { t: 'done'; next: string | null }
  /** `setup`: the pass could not even open the data dir (store, keystore settings). */
  | { t: 'failed'; message: string; setup: boolean; exitCode: number };

/** What the daemon says to a pass process. */
export type PassOrder =
  | { t: 'start'; values: Record<string, unknown>; webhookUrl?: string; canPrompt: boolean }
  | { t: 'answer'; value?: string; error?: string };

export interface PassProcessOptions {
  /** Starts one pass process with an IPC channel (child_process.fork of the CLI). */
  start(): ChildProcess;
  order: Extract<PassOrder, { t: 'start' }>;
  clock: Clock;
  line(text: string): void;
  /** Answers a pass process's question (the keystore passphrase, typed once at the daemon's terminal). */
  prompt?: ((question: string) => Promise<string>) | undefined;
  /** A pass process that failed: retried after this long (default one minute), not at once. */
  retryMs?: number;
  /** Every pass process's end, failed or not (before the scheduler hears of it). */
  onExit?(failure: Extract<PassReport, { t: 'failed' }> | undefined): void;
}

/**
 * The daemon's renewal service: each pass (renewals, renewal information, deploy retries, the
 * record watch, and the notices) runs in a process of its own that reports back and exits, so
 * the long-lived daemon never loads the store's SQLite, the ACME client, TLS or the keychain
 * (docs/decisions/0008-daemon-passes-in-child-processes.md). The scheduler drives it like the
 * in-process service: run() is the pass, nextWakeAt() what that pass planned.
 */
export class PassProcesses implements PassService {
  /** The pass process re-read the store itself, just before it planned. */
  readonly deps = { store: { reload: async () => undefined } };
  private next: Date | undefined;
  private answers = new Map<string, Promise<string>>();
  /** The last pass process's pid (tests, the log). */
  lastPid: number | undefined;

  constructor(private readonly o: PassProcessOptions) {}

  nextWakeAt(): Date | undefined {
    return this.next;
  }

  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let report: Extract<PassReport, { t: 'done' | 'failed' }> | undefined;
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        const failure =
          report?.t === 'failed' ? report : err ? { t: 'failed' as const, message: err.message, setup: false, exitCode: 70 } : undefined;
        this.o.onExit?.(failure);
        if (report?.t === 'done') {
          this.next = report.next === null ? undefined : new Date(report.next);
          return resolve();
        }
        // Planned from what was known; a crashing pass is not retried in a tight loop.
        const retry = new Date(this.o.clock.now().getTime() + (this.o.retryMs ?? 60_000));
        this.next = this.next && this.next > retry ? this.next : retry;
        reject(new Error(failure?.message ?? 'the pass process ended without a report'));
      };
      let child: ChildProcess;
      try {
        child = this.o.start();
      } catch (err) {
        return finish(err as Error);
      }
      this.lastPid = child.pid;
      child.on('message', (raw: unknown) => {
        const m = passReport(raw);
        if (!m) return this.o.line(`renewal pass: ignored a malformed message from its process`);
        if (m.t === 'prompt') void this.answer(child, m.question);
        else report = m;
      });
      child.on('error', (err) => finish(new Error(`the pass process failed: ${err.message}`)));
      child.on('exit', (code, signal) =>
        finish(report ? undefined : new Error(`the pass process ended (${signal ?? `exit code ${code}`}) before it finished`)),
      );
      child.send(this.o.order);
    });
  }

  private async answer(child: ChildProcess, question: string): Promise<void> {
    let reply: PassOrder;
    if (!this.o.prompt) {
      reply = { t: 'answer', error: 'no terminal to ask at' };
    } else {
      // Asked once per daemon; kept in this process's memory only (never a file, argv or the environment).
      let pending = this.answers.get(question);
      if (!pending) this.answers.set(question, (pending = this.o.prompt(question)));
      reply = await pending.then(
        (value): PassOrder => ({ t: 'answer', value }),
        (err: Error): PassOrder => {
          this.answers.delete(question);
          return { t: 'answer', error: err.message };
        },
      );
    }
    if (child.connected) child.send(reply);
  }
}

/** IPC payloads are checked like any other input: a message of the wrong shape is dropped. */
export function passReport(m: unknown): PassReport | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const r = m as Record<string, unknown>;
  const str = (k: string) => typeof r[k] === 'string';
  switch (r.t) {
    case 'prompt':
      return str('question') ? { t: 'prompt', question: r.question as string } : undefined;
    case 'done':
      return r.next === null || (str('next') && !Number.isNaN(Date.parse(r.next as string)))
        ? { t: 'done', next: r.next as string | null }
        : undefined;
    case 'failed':
      return str('message') && typeof r.setup === 'boolean' && Number.isInteger(r.exitCode)
        ? { t: 'failed', message: r.message as string, setup: r.setup, exitCode: r.exitCode as number }
        : undefined;
    default:
      return undefined;
  }
}
