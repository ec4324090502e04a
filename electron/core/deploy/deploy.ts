/**
 * Deploying a certificate after renewal: its export targets are written, then its command (a
 * server reload) runs. Expected failures are reported, never thrown: the new certificate is
 * already stored, so a failed deploy only means "retry at the next run", and the report says why.
 */
import type { KeyObject } from 'node:crypto';
import type { DeployCommand, ExportTarget } from '../store/schema.ts';
import { runShellCommand, type ShellCommandResult } from './deploy-command.ts';
import { deployEnvironment, deployVariables } from './deploy-env.ts';
import { writeDeployTargets } from './deploy-files.ts';

export { DEPLOY_ENV_HELP, formatDeployEnvHelp } from './deploy-env.ts';

export interface DeploySubject {
  certificateId: string;
  names: string[];
  chainPem: string; // leaf first, then chain
  privateKey: KeyObject;
  serialHex: string;
  notBefore: string; // ISO 8601
  notAfter: string;
  /** true right after a renewal; false when re-running a deploy (retry, or `persistcert deploy`). */
  renewed: boolean;
  previousCertificateId?: string;
  /** The CA's directory URL. */
  directoryUrl: string;
}

export interface DeployPlan {
  targets: ExportTarget[];
  command?: DeployCommand;
}

export interface DeployOptions {
  pfxPassword: (passwordRef: string) => Promise<string>;
  /** Base environment for the command (default process.env); PERSISTCERT_* are added on top. */
  env?: NodeJS.ProcessEnv;
  /** Cap on captured output kept (default 64 KiB; the tail is kept, with a marker that it was cut). */
  outputLimitBytes?: number;
  cwd?: string;
}

export interface DeployReport {
  ok: boolean;
  files: { role: string; path: string; mode: number }[];
  command?: { run: string; exitCode: number | null; signal: string | null; timedOut: boolean; durationMs: number; output: string };
  error?: { step: 'files' | 'command'; message: string; fix?: string };
}

const DEFAULT_OUTPUT_LIMIT = 64 * 1024;
const RETRY = 'it will be retried at the next renewal run';
const IS_WINDOWS = process.platform === 'win32';

/** Whether a deploy would do anything: the renewal job skips (and logs nothing) otherwise. */
export function hasDeploySteps(plan: DeployPlan): boolean {
  return plan.targets.length > 0 || plan.command !== undefined;
}

/**
 * Writes the files, then runs the command. A failed file stops the deploy before the command:
 * reloading a server onto a half-deployed set (new certificate, old key) would take it down.
 */
export async function deployCertificate(subject: DeploySubject, plan: DeployPlan, options: DeployOptions): Promise<DeployReport> {
  const written = await writeDeployTargets(subject, plan.targets, options.pfxPassword);
  if (written.error) {
    return {
      ok: false,
      files: written.files,
      error: { step: 'files', message: written.error.message, fix: `fix that, then deploy again; otherwise ${RETRY}` },
    };
  }
  if (!plan.command) return { ok: true, files: written.files };

  const { run, timeoutSec } = plan.command;
  const env = deployEnvironment(options.env ?? process.env, deployVariables(subject, written.files));
  const outcome = await runShellCommand(run, {
    timeoutMs: timeoutSec * 1000,
    env,
    outputLimitBytes: options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  const { exitCode, signal, timedOut, durationMs, output } = outcome;
  const report: DeployReport = { ok: true, files: written.files, command: { run, exitCode, signal, timedOut, durationMs, output } };
  const error = commandError(outcome, timeoutSec, options.cwd);
  if (error) {
    report.ok = false;
    report.error = { step: 'command', ...error };
  }
  return report;
}

/** What went wrong with the command, in words, or undefined if it succeeded. */
function commandError(
  outcome: ShellCommandResult,
  timeoutSec: number,
  cwd: string | undefined,
): { message: string; fix: string } | undefined {
  const seeOutput = `see its output in the certificate's log; ${RETRY}`;
  if (outcome.spawnError) {
    const where = cwd ? ` in ${cwd}` : '';
    return {
      message: `The deploy command could not be started${where}: ${outcome.spawnError.message}`,
      fix: `${cwd ? `check that the folder ${cwd} exists; ` : ''}${RETRY}`,
    };
  }
  if (outcome.timedOut) {
    return {
      message: `The deploy command did not finish within ${timeoutSec} s and was stopped`,
      fix: `make it finish sooner (a command that waits for input or starts a server in the foreground never ends) or raise its timeout; ${seeOutput}`,
    };
  }
  if (outcome.signal) return { message: `The deploy command was killed by ${outcome.signal}`, fix: seeOutput };
  const status = outcome.exitCode;
  if (status === 0) return undefined;
  // POSIX shells use 127/126 for "not found"/"not executable"; cmd.exe uses 9009 for "not recognized".
  if ((!IS_WINDOWS && status === 127) || (IS_WINDOWS && status === 9009)) {
    return {
      message: `The deploy command exited with status ${status}: command not found`,
      fix: `check its spelling and that the program is installed; unattended runs may have a shorter PATH, so give the full path (e.g. /usr/bin/systemctl); ${RETRY}`,
    };
  }
  if (!IS_WINDOWS && status === 126) {
    return {
      message: `The deploy command exited with status 126: a program in it is not executable`,
      fix: `check the file's execute permission (chmod +x); ${RETRY}`,
    };
  }
  return { message: `The deploy command exited with status ${status}`, fix: seeOutput };
}
