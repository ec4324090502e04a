// CPU per request to Pebble for each way of speaking HTTPS we considered (decision 0021), each in
// a fresh process as a CLI run is: `node --import tsx test/bench/http-clients.ts`. Not part of
// `npm run bench`: it informs a choice, it is not an acceptance figure.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { startPebble } from '../env/pebble.ts';

const REQUESTS = 400;
const CONNECTIONS = 16;
const CLIENTS = ['node:https', 'persistcert', 'undici', 'tls floor'] as const;

if (process.env.BENCH_CLIENT) {
  await measureOne(process.env.BENCH_CLIENT, process.env.BENCH_URL!, process.env.BENCH_CA!);
} else {
  const pebble = await startPebble();
  try {
    for (let round = 0; round < 3; round++) {
      for (const client of CLIENTS) {
        const line = await new Promise<string>((resolve, reject) => {
          const env: NodeJS.ProcessEnv = {
            ...process.env,
            BENCH_CLIENT: client,
            BENCH_URL: pebble.directoryUrl,
            BENCH_CA: pebble.caBundlePem,
          };
          delete env.NODE_EXTRA_CA_CERTS; // as the bench runs (decision 0018)
          const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname], {
            env,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${client} exited ${code}`))));
        });
        process.stdout.write(`${line}\n`);
      }
    }
  } finally {
    await pebble.stop();
  }
}

async function measureOne(client: string, url: string, ca: string): Promise<void> {
  const one = await requester(client, new URL(url), ca);
  await one(); // the first connection's handshake, as every run pays it
  const before = process.cpuUsage();
  let left = REQUESTS;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (left-- > 0) await one();
    }),
  );
  const used = process.cpuUsage(before);
  console.log(`${client.padEnd(12)} ${((used.user + used.system) / REQUESTS / 1000).toFixed(3)} ms CPU per request`);
  process.exit(0);
}

async function requester(client: string, url: URL, ca: string): Promise<() => Promise<unknown>> {
  switch (client) {
    case 'node:https': {
      const https = await import('node:https');
      const agent = new https.Agent({ keepAlive: true, maxSockets: CONNECTIONS, ca });
      return () =>
        new Promise((resolve, reject) => {
          const req = https.request(url, { agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d)).on('end', () => resolve(Buffer.concat(chunks)));
          });
          req.on('error', reject).end();
        });
    }
    case 'persistcert': {
      const { HttpTransport } = await import('../../electron/core/acme/http.ts');
      const http = new HttpTransport({ timeoutMs: 10_000, maxResponseBytes: 1 << 20 }, { caBundlePem: ca, userAgent: 'bench' });
      return () => http.request({ method: 'GET', url: url.href });
    }
    case 'undici': {
      // Not a dependency of ours: taken from wherever npm put it (electron-builder brings one).
      const require = createRequire(import.meta.url);
      const { Pool } = require(require.resolve('undici', { paths: [process.cwd()] })) as typeof import('undici');
      const pool = new Pool(url.origin, { connections: CONNECTIONS, connect: { ca } });
      return async () => (await pool.request({ path: url.pathname, method: 'GET' })).body.arrayBuffer();
    }
    default: {
      // One prebuilt request per answer, read by Content-Length: what TLS and the socket cost.
      const tls = await import('node:tls');
      const head = Buffer.from(`GET ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`);
      const open = () =>
        new Promise<import('node:tls').TLSSocket>((resolve) => {
          const s = tls.connect({ host: url.hostname, port: Number(url.port), ca }, () => resolve(s));
        });
      const idle: import('node:tls').TLSSocket[] = [];
      return async () => {
        const socket = idle.pop() ?? (await open());
        await new Promise<void>((resolve) => {
          let got = Buffer.alloc(0);
          const onData = (d: Buffer) => {
            got = Buffer.concat([got, d]);
            const end = got.indexOf('\r\n\r\n');
            const length = end < 0 ? undefined : Number(/content-length: (\d+)/i.exec(got.subarray(0, end).toString('latin1'))?.[1]);
            if (length !== undefined && got.length >= end + 4 + length) {
              socket.off('data', onData);
              resolve();
            }
          };
          socket.on('data', onData).write(head);
        });
        idle.push(socket);
      };
    }
  }
}
