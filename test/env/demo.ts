// `npm run demo`: the sandbox (Pebble + two BIND servers for example.test) and the app wired to
// it, served on loopback, with a demo-only "publish it for me" button, so a newcomer can walk the
// whole dns-persist-01 flow offline. Runs until Ctrl-C.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind } from './bind.ts';
import { startPebble } from './pebble.ts';
import { preflight } from './preflight.ts';
import { createApp } from '../../electron/core/app/create-app.ts';
import { startWebHost } from '../../electron/web-host/server.ts';

preflight('The demo');
const ZONE = 'example.test';
const root = path.resolve(import.meta.dirname, '../..');
const bind = await startBind({ zone: ZONE, servers: 2 });
const s0 = bind.servers[0]!;
const pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}` });
const base = mkdtempSync(path.join(tmpdir(), 'persistcert-demo-'));
const app = await createApp({
  dataDir: path.join(base, 'data'),
  host: 'web',
  // A throwaway data directory: a file keystore works on any machine, keychain or not.
  keystore: 'file',
  passphrase: async () => 'persistcert-demo-only',
  caBundlePem: pebble.caBundlePem,
  resolvers: [s0],
  authoritativePort: s0.port,
  defaultExportDir: path.join(base, 'exports'),
  demo: { publish: (name, value) => bind.publishTxt(`${name}.`, value), directoryUrl: pebble.directoryUrl },
  log: (m) => console.error(m),
});
const host = await startWebHost({ handler: app.handler, rendererDir: path.join(root, 'dist/renderer') });

console.log(
  [
    'PersistCert demo: everything runs on this machine, nothing leaves loopback.',
    '',
    `  Open:              ${host.url}`,
    `  CA (custom URL):   ${pebble.directoryUrl}   (Pebble, a test CA with dns-persist-01)`,
    `  Names to try:      www.${ZONE}, *.shop.${ZONE}`,
    `  DNS:               ${bind.servers.map((s) => `${s.address}:${s.port}`).join(', ')} (BIND, authoritative for ${ZONE})`,
    `  Exports go to:     ${path.join(base, 'exports')}`,
    '',
    'At the Record step, "Publish it for me" puts the record into the demo DNS. Ctrl-C stops everything.',
  ].join('\n'),
);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await app.close();
    await pebble.stop();
    await bind.stop();
    process.exit(0);
  });
}
