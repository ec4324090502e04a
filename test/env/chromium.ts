// Debian's Chromium driven by playwright-core. Never downloads a browser (no `playwright install`).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { hermeticEnv } from './process.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Belt and braces for "nothing leaves loopback": every name but localhost and 127.x/::1 literals fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*, EXCLUDE [::1]',
];

export interface LaunchedChromium {
  context: BrowserContext;
  /** The throwaway profile directory (removed by close()). */
  profileDir: string;
  close(): Promise<void>;
}

export async function launchChromium(opts: { headless?: boolean; args?: string[] } = {}): Promise<LaunchedChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium (browsers are never downloaded)`);
  }
  // Profile, HOME and TMPDIR all in one temp dir: Chromium writes outside its profile otherwise.
  // Kept short: Chromium puts a unix socket at $TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket,
  // and a path over 107 bytes aborts it (nested TMPDIRs, e.g. under with-keyring.sh, get there).
  const base = tmpdir().length <= 45 ? tmpdir() : '/tmp';
  const root = await mkdtemp(join(base, 'pc-chromium-'));
  const profile = join(root, 'profile');
  const home = join(root, 'home');
  const tmp = join(root, 't');
  await Promise.all([mkdir(profile), mkdir(home), mkdir(tmp)]);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: opts.headless ?? true,
      args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
      env: hermeticEnv({ HOME: home, TMPDIR: tmp }),
      timeout: 30_000,
    });
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`Chromium failed to launch: ${(e as Error).message}`);
  }
  let closed = false;
  return {
    context,
    profileDir: profile,
    async close() {
      if (closed) return;
      closed = true;
      await context.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
