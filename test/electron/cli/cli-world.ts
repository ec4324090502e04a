// What most CLI tests start from: BIND serving example.test, Pebble validating against it, and an
// account created through the CLI, with the flags that point every command at them.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';

export interface CliWorld {
  dns: BindZone;
  pebble: PebbleInstance;
  dataDir: string;
  /** --data-dir, --ca, --ca-bundle, --dns and --auth-port for every command. */
  flags: string[];
  accountUrl: string;
  stop(): Promise<void>;
}

export async function startCliWorld(o: { prefix: string; servers?: number; caaIdentities?: string[] }): Promise<CliWorld> {
  const dns = await startBind({ zone: 'example.test', ...(o.servers ? { servers: o.servers } : {}) });
  const s0 = dns.servers[0]!;
  const pebble = await startPebble({
    dnsServer: `${s0.address}:${s0.port}`,
    ...(o.caaIdentities ? { caaIdentities: o.caaIdentities } : {}),
  });
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), `${o.prefix}-`)), 'data');
  const flags = ['--data-dir', dataDir, '--ca', pebble.directoryUrl, '--ca-bundle', pebble.caBundlePath];
  flags.push('--dns', `${s0.address}:${s0.port}`, '--auth-port', String(s0.port));
  const created = await runCli(['account', 'create', '--agree-tos', '--json', ...flags]);
  assert.equal(created.code, 0, created.stderr);
  const accountUrl = (JSON.parse(created.stdout) as { accountUrl: string }).accountUrl;
  return {
    dns,
    pebble,
    dataDir,
    flags,
    accountUrl,
    async stop() {
      await pebble.stop();
      await dns.stop();
    },
  };
}
