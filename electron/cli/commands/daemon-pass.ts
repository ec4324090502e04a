// One pass of `persistcert daemon`, in a process of its own (started by ./daemon.ts with an IPC
// channel): open the data dir, do what is due, send the log lines, notices and the next wake-up
// back, and exit, taking the store, the ACME client, TLS and the keychain with it.
import { openLogFile } from '../../core/logs/log-file.ts';
import { logFileSink, logSink } from '../../core/notify/notice-sinks.ts';
import { validateWebhookUrl } from '../../core/notify/webhook.ts';
import type { PassOrder, PassReport } from '../../core/renewal/pass-process.ts';
import { runUnattendedPass } from '../../core/renewal/unattended.ts';
import { EXIT, type CommandContext } from '../command.ts';
import { openCore, readCaBundle } from '../context.ts';
import { renewalFor } from '../renewal-context.ts';
import { daemonLog, PASS_PROCESS_ENV } from './daemon.ts';

export async function runPassProcess(ctx: CommandContext): Promise<number> {
  // A stop (systemd signals the whole group, a terminal's ^C too) is the daemon's to decide: it
  // waits for this pass, whose writes must finish.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});
  const send = (m: PassReport) =>
    new Promise<void>((resolve) => (process.connected ? process.send!(m, undefined, {}, () => resolve()) : resolve()));
  const order = await nextOrder('start');
  // Deploy commands start from this environment: the marker is ours, not theirs.
  const env = { ...ctx.env };
  delete env[PASS_PROCESS_ENV];
  const passCtx: CommandContext = {
    ...ctx,
    env,
    values: order.values as CommandContext['values'],
    prompt: order.canPrompt ? ask : undefined,
  };
  if (order.webhookUrl) {
    const problem = validateWebhookUrl(order.webhookUrl);
    if (problem) {
      await send({ t: 'failed', setup: true, message: `--webhook: ${problem}`, exitCode: EXIT.usage });
      return exit(EXIT.usage);
    }
  }
  let core: Awaited<ReturnType<typeof openCore>>;
  try {
    core = await openCore(passCtx);
  } catch (err) {
    const code = (await import('../errors.ts')).exitCodeFor(err);
    await send({ t: 'failed', setup: code !== undefined, message: (err as Error).message, exitCode: code ?? 70 });
    return exit(EXIT.local);
  }
  try {
    // The daemon's stdout is this process's too; the log file takes appends from both (never at once: the daemon waits).
    const logFile = openLogFile(core.dataDir);
    const { line, stdoutLine } = daemonLog(ctx, logFile);
    const service = renewalFor(passCtx, core, line);
    const next = await runUnattendedPass({
      service,
      clock: service.deps.clock,
      sinks: [logSink(stdoutLine), logFileSink(logFile)],
      log: line,
      webhookUrl: order.webhookUrl,
      caBundlePem: await readCaBundle(typeof order.values['ca-bundle'] === 'string' ? order.values['ca-bundle'] : undefined),
    });
    await send({ t: 'done', next: next?.toISOString() ?? null });
  } catch (err) {
    await send({ t: 'failed', setup: false, message: (err as Error).message, exitCode: 70 });
    return exit(EXIT.local);
  } finally {
    core.store.close();
  }
  return exit(EXIT.ok);
}

/** Exits now: keep-alive sockets and keychain handles must not hold a finished pass open. */
function exit(code: number): never {
  process.exit(code);
}

function nextOrder<T extends PassOrder['t']>(t: T): Promise<Extract<PassOrder, { t: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (typeof m !== 'object' || m === null || (m as { t?: unknown }).t !== t) return;
      cleanup();
      resolve(m as Extract<PassOrder, { t: T }>);
    };
    const onGone = () => {
      cleanup();
      reject(new Error('the daemon went away'));
    };
    const cleanup = () => {
      process.off('message', onMessage);
      process.off('disconnect', onGone);
    };
    process.on('message', onMessage);
    process.on('disconnect', onGone);
  });
}

/** The keystore passphrase, typed at the daemon's terminal (when neither the environment nor a file gives it). */
async function ask(question: string): Promise<string> {
  const answer = nextOrder('answer');
  process.send!({ t: 'prompt', question } satisfies PassReport);
  const a = await answer;
  if (a.value === undefined) throw new Error(`cannot ask for the passphrase: ${a.error ?? 'no answer'}`);
  return a.value;
}
