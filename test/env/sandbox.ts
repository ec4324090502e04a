// A local playground: Pebble (dns-persist-01, ARI) validating against a BIND zone `example.test`
// with two authoritative servers, all on loopback. Runs until Ctrl-C / SIGTERM.
//   tsx test/env/sandbox.ts          human-readable instructions
//   tsx test/env/sandbox.ts --json   one JSON line with the facts, for scripts
//   tsx test/env/sandbox.ts --env    only the `export PERSISTCERT_…` lines, for eval
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from './bind.ts';
import { startPebble, type PebbleInstance } from './pebble.ts';
import { preflight } from './preflight.ts';

const json = process.argv.includes('--json');
const envOnly = process.argv.includes('--env');
preflight('The sandbox');
const ZONE = 'example.test';
const RECORD = `_validation-persist.www.${ZONE}`;

let bind: BindZone | undefined;
let pebble: PebbleInstance | undefined;
let stopping: Promise<void> | undefined;

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    await pebble?.stop().catch((e: unknown) => console.error('stopping Pebble:', e));
    await bind?.stop().catch((e: unknown) => console.error('stopping BIND:', e));
    process.exit(code);
  })();
  return stopping;
}

// Registered before anything starts, so an early Ctrl-C still stops the children gracefully.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (!json && !envOnly) console.log(`\n${sig}: stopping Pebble and BIND…`);
    void shutdown(0);
  });
}

try {
  bind = await startBind({ zone: ZONE, servers: 2 });
  const primary = bind.servers[0]!;
  // Pebble's VA asks the first authoritative server directly (it is not a recursive resolver).
  pebble = await startPebble({ dnsServer: `${primary.address}:${primary.port}` });
} catch (e) {
  console.error(`sandbox failed to start: ${(e as Error).message}`);
  await shutdown(1);
}

const p = pebble!;
const b = bind!;
const dnsServers = b.servers.map((s) => `${s.address}:${s.port}`);
const issuer = 'pebble.letsencrypt.org';
// Its own data dir, so trying things never touches the user's real certificates.
const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'persistcert-sandbox-')), 'data');
const exports = [
  `export PERSISTCERT_CA=${p.directoryUrl}`,
  `export PERSISTCERT_CA_BUNDLE=${p.caBundlePath}`,
  `export PERSISTCERT_DNS=${dnsServers.join(',')}`,
  `export PERSISTCERT_AUTH_PORT=${b.servers[0]!.port}`,
  `export PERSISTCERT_DATA_DIR=${dataDir}`,
].join('\n');

if (envOnly) {
  console.log(exports);
} else if (json) {
  console.log(
    JSON.stringify({
      directoryUrl: p.directoryUrl,
      caBundlePath: p.caBundlePath,
      managementUrl: p.managementUrl,
      pebbleVersion: p.version,
      zone: b.zone,
      dnsServers,
      tsigKeyPath: b.tsigKeyPath,
      issuerDomainName: issuer,
      recordName: RECORD,
      dataDir,
      authoritativePort: b.servers[0]!.port,
    }),
  );
} else {
  const updates = b.servers
    .map((s) =>
      [
        `server ${s.address} ${s.port}`,
        `zone ${ZONE}.`,
        `update add ${RECORD}. 60 IN TXT "${issuer}; accounturi=<YOUR-ACME-ACCOUNT-URL>"`,
        'send',
      ].join('\n'),
    )
    .join('\n');
  console.log(`PersistCert sandbox is running (everything on loopback). Ctrl-C stops it.

  ACME directory   ${p.directoryUrl}
  CA bundle        ${p.caBundlePath}        (pass as --ca-bundle; trusts Pebble's HTTPS only)
  Pebble           ${p.version}, issuer-domain-names: ${issuer}
  DNS zone         ${ZONE}, authoritative servers: ${dnsServers.join(', ')}
                   (NS ns1/ns2.${ZONE} point at them; Pebble validates against ${dnsServers[0]})
  TSIG key         ${b.tsigKeyPath}

Point persistcert at it (paste into your shell; \`npm run -s sandbox -- --env\` prints just this):

${exports}

Then: persistcert account create --agree-tos, persistcert record -d www.${ZONE}, publish (below),
persistcert check --wait -d www.${ZONE}, persistcert issue -d www.${ZONE}.

Publish the dns-persist-01 record on both servers (replace the placeholder):

nsupdate -k ${b.tsigKeyPath} <<'EOF'
${updates}
EOF

Check it:

${b.servers.map((s) => `dig +short -p ${s.port} @${s.address} ${RECORD} TXT`).join('\n')}
`);
}

// Keep running until a signal arrives; the children keep the event loop alive.
