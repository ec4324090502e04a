// BIND 9 authoritative servers for one zone on loopback, each an independent `named` child with
// its own copy of the zone, so a test can update one and leave another lagging.
import { execFileSync } from 'node:child_process';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpTcpPort, randomLoopbackAddresses } from './ports.ts';
import { hermeticEnv, pollUntil, run, spawnChild, type Child } from './process.ts';

export interface BindServer {
  address: string;
  port: number;
}

export interface BindZone {
  zone: string;
  servers: BindServer[];
  /** tsig-keygen hmac-sha256 key file, usable with `nsupdate -k`. */
  tsigKeyPath: string;
  /** One TXT RR made of several character-strings; default: all servers. */
  publishTxt(name: string, strings: string[] | string, opts?: { servers?: number[]; ttl?: number }): Promise<void>;
  /** Any RR in presentation format, e.g. addRecord('www', 'CNAME', 'target.example.test.'). */
  addRecord(name: string, type: string, rdata: string, opts?: { servers?: number[]; ttl?: number }): Promise<void>;
  deleteRecords(name: string, type?: string, opts?: { servers?: number[] }): Promise<void>;
  /** Raw nsupdate lines (`update add …`) sent as ONE update message: many records in one zone change. */
  update(lines: string[], opts?: { servers?: number[] }): Promise<void>;
  /** resolveTxt against one server: one array of chunks per RR. */
  queryTxt(name: string, server?: number): Promise<string[][]>;
  /** How the servers got their own addresses (see StartBindOptions.addressMode). */
  addressMode: 'lo-alias' | 'relay';
  /** Last lines of every named's output, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export interface StartBindOptions {
  zone: string;
  /** Number of independent authoritative servers (default 1). */
  servers?: number;
  /** Extra zone-file lines, relative to the zone origin. */
  records?: string[];
  /**
   * named only listens on addresses configured on an interface, and 127.0.0.1/8 on lo counts as one
   * address. 'lo-alias' adds each 127.53.X.Y/32 to lo (needs CAP_NET_ADMIN; removed on stop) so named
   * binds it directly. 'relay' runs named on 127.0.0.1:<own port> and relays UDP+TCP from
   * 127.53.X.Y:<port> in this process (no privileges). 'auto' (default) tries lo-alias, then relay.
   */
  addressMode?: 'auto' | 'lo-alias' | 'relay';
}

const TSIG_NAME = 'persistcert-test';

/** Quotes one TXT character-string for nsupdate / zone files: '"' and '\' escaped, non-printables as \DDD. */
export function quoteTxtString(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length > 255) throw new Error(`TXT character-string longer than 255 bytes (${bytes.length})`);
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString().padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

export async function startBind(opts: StartBindOptions): Promise<BindZone> {
  const zone = opts.zone.replace(/\.$/, '').toLowerCase();
  const count = opts.servers ?? 1;
  const wanted = opts.addressMode ?? 'auto';

  let addresses = randomLoopbackAddresses(count);
  let addressMode: 'lo-alias' | 'relay' = 'relay';
  if (wanted !== 'relay') {
    const aliasError = await addLoAliases(addresses).then(
      () => undefined,
      (e: Error) => e,
    );
    if (aliasError === undefined) addressMode = 'lo-alias';
    else if (wanted === 'lo-alias') throw new Error(`BIND lo-alias mode: ${aliasError.message}`);
    else addresses = randomLoopbackAddresses(count);
  }
  const port = await freeUdpTcpPort(addresses);
  const servers: BindServer[] = addresses.map((address) => ({ address, port }));

  const backPorts = new Set<number>([port]);
  const backPort = async (): Promise<number> => {
    for (;;) {
      const p = await freeUdpTcpPort(['127.0.0.1']);
      if (backPorts.has(p)) continue;
      backPorts.add(p);
      return p;
    }
  };
  const children: Child[] = [];
  const listens: BindServer[] = [];
  const relays: Relay[] = [];
  let workdir: string | undefined;
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((c) => c.stop()));
    await Promise.all(relays.map((r) => r.close()));
    if (addressMode === 'lo-alias') await removeLoAliases(addresses);
    if (workdir) await rm(workdir, { recursive: true, force: true });
  };

  try {
    workdir = await mkdtemp(join(tmpdir(), 'persistcert-bind-'));
    const tsigKeyPath = join(workdir, 'tsig.key');
    await writeFile(tsigKeyPath, await run('tsig-keygen', ['-a', 'hmac-sha256', TSIG_NAME]), { mode: 0o600 });
    const zoneText = [
      `$ORIGIN ${zone}.`,
      '$TTL 60',
      // Short negative-caching TTL: tests publish right after checking absence.
      `@ IN SOA ns1.${zone}. hostmaster.${zone}. ( 1 60 60 600 1 )`,
      ...addresses.map((_, i) => `@ IN NS ns${i + 1}.${zone}.`),
      ...addresses.map((a, i) => `ns${i + 1} IN A ${a}`),
      ...(opts.records ?? []),
      '',
    ].join('\n');

    for (const [i, address] of addresses.entries()) {
      const dir = join(workdir, `ns${i + 1}`);
      await mkdir(dir);
      // In relay mode named sits on 127.0.0.1 with a port of its own, behind the relay.
      const listen = addressMode === 'lo-alias' ? { address, port } : { address: '127.0.0.1', port: await backPort() };
      await writeFile(join(dir, `${zone}.db`), zoneText);
      await writeFile(join(dir, 'named.conf'), namedConf(dir, listen.address, listen.port, zone, tsigKeyPath));
      await run('named-checkconf', ['-z', join(dir, 'named.conf')]).catch((e: Error) => {
        throw new Error(`named.conf for ${address} is invalid: ${e.message}`);
      });
      children.push(
        spawnChild(`named ${address}:${port}`, 'named', ['-g', '-4', '-n', '1', '-c', join(dir, 'named.conf')], {
          cwd: dir,
          env: hermeticEnv(),
        }),
      );
      listens.push(listen);
    }
    // Ready when each named answers SOA for the zone; poll, no fixed sleep. Poll named itself, not
    // the relay: an unbound UDP port refuses at once, while a relayed query would wait for a timeout.
    await Promise.all(
      children.map((child, i) =>
        pollUntil(`${child.name} to serve ${zone}`, async () => ((await resolver(listens[i]!, 200).resolveSoa(zone)) ? true : undefined), {
          child,
          timeoutMs: 10_000,
        }),
      ),
    );
    if (addressMode === 'relay') {
      for (const [i, s] of servers.entries()) relays.push(await startRelay(s, listens[i]!));
      await Promise.all(servers.map((s) => resolver(s, 1000).resolveSoa(zone)));
    }
    return zoneApi(zone, servers, tsigKeyPath, addressMode, children, stop);
  } catch (e) {
    const logs = children.map((c) => `--- ${c.name} ---\n${c.output()}`).join('\n');
    await stop();
    throw new Error(`BIND failed to start: ${(e as Error).message}\n${logs}`);
  }
}

function zoneApi(
  zone: string,
  servers: BindServer[],
  tsigKeyPath: string,
  addressMode: 'lo-alias' | 'relay',
  children: Child[],
  stop: () => Promise<void>,
): BindZone {
  const fqdn = (name: string): string => {
    const n = name.replace(/\.$/, '').toLowerCase();
    if (name.endsWith('.') || n === zone || n.endsWith(`.${zone}`)) return `${n}.`;
    return `${n}.${zone}.`;
  };

  const pick = (which?: number[]): BindServer[] =>
    (which ?? servers.map((_, i) => i)).map((i) => {
      const s = servers[i];
      if (!s) throw new Error(`no BIND server #${i} (have ${servers.length})`);
      return s;
    });

  const nsupdate = async (updates: string[], which?: number[]): Promise<void> => {
    await Promise.all(
      pick(which).map((s) =>
        // Over TCP (-v): a UDP update BIND missed while busy (the full suite runs four files at
        // once) waited out nsupdate's 3 s retry interval and failed the test; TCP is retransmitted
        // by the kernel, and -t bounds the whole update.
        run('nsupdate', ['-v', '-k', tsigKeyPath, '-t', '10'], {
          stdin: [`server ${s.address} ${s.port}`, `zone ${zone}.`, ...updates, 'send', ''].join('\n'),
          env: hermeticEnv(),
        }).catch((e: Error) => {
          throw new Error(`nsupdate to ${s.address}:${s.port} failed: ${e.message}\nupdates:\n${updates.join('\n')}`);
        }),
      ),
    );
  };

  return {
    zone,
    servers,
    tsigKeyPath,
    addressMode,
    async publishTxt(name, strings, o = {}) {
      const parts = (Array.isArray(strings) ? strings : [strings]).map(quoteTxtString);
      await nsupdate([`update add ${fqdn(name)} ${o.ttl ?? 60} IN TXT ${parts.join(' ')}`], o.servers);
    },
    async addRecord(name, type, rdata, o = {}) {
      await nsupdate([`update add ${fqdn(name)} ${o.ttl ?? 60} IN ${type.toUpperCase()} ${rdata}`], o.servers);
    },
    async deleteRecords(name, type, o = {}) {
      await nsupdate([`update delete ${fqdn(name)}${type ? ` IN ${type.toUpperCase()}` : ''}`], o.servers);
    },
    async update(lines, o = {}) {
      await nsupdate(lines, o.servers);
    },
    async queryTxt(name, server = 0) {
      const [s] = pick([server]);
      return resolver(s!, 1000).resolveTxt(fqdn(name).replace(/\.$/, ''));
    },
    logs: () => children.map((c) => `--- ${c.name} ---\n${c.output()}`).join('\n'),
    stop,
  };
}

// --- lo aliases: 127.53.X.Y/32 on lo so named's interface scan finds them --------------------------

const aliases = new Set<string>();
process.on('exit', () => {
  for (const a of aliases) {
    try {
      execFileSync('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo'], { stdio: 'ignore' });
    } catch {
      // best effort at exit
    }
  }
});

async function addLoAliases(addresses: string[]): Promise<void> {
  const added: string[] = [];
  try {
    for (const a of addresses) {
      // Fails with "File exists" if another run holds the address: then this run does not own it.
      await run('ip', ['addr', 'add', `${a}/32`, 'dev', 'lo'], { timeoutMs: 5000 });
      added.push(a);
      aliases.add(a);
    }
  } catch (e) {
    await removeLoAliases(added);
    throw e;
  }
}

async function removeLoAliases(addresses: string[]): Promise<void> {
  for (const a of addresses) {
    if (!aliases.delete(a)) continue;
    await run('ip', ['addr', 'del', `${a}/32`, 'dev', 'lo'], { timeoutMs: 5000 }).catch(() => undefined);
  }
}

// --- relay: front address:port -> named on 127.0.0.1, UDP and TCP, inside this process ---------------

interface Relay {
  close(): Promise<void>;
}

async function startRelay(front: BindServer, back: BindServer): Promise<Relay> {
  const udp = createSocket('udp4');
  const upstreams = new Map<string, { sock: UdpSocket; timer: NodeJS.Timeout }>();
  udp.on('message', (msg: Buffer, client: RemoteInfo) => {
    // One upstream socket per client address:port, so replies find their way back.
    const key = `${client.address}:${client.port}`;
    let up = upstreams.get(key);
    if (up) clearTimeout(up.timer);
    const sock = up?.sock ?? createSocket('udp4');
    if (!up) {
      sock.on('message', (reply: Buffer) => udp.send(reply, client.port, client.address));
      sock.on('error', () => {
        upstreams.delete(key);
        closeQuietly(sock);
      });
      sock.bind(0, '127.0.0.1');
    }
    const timer = setTimeout(() => {
      upstreams.delete(key);
      closeQuietly(sock);
    }, 30_000).unref();
    up = { sock, timer };
    upstreams.set(key, up);
    sock.send(msg, back.port, back.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind({ address: front.address, port: front.port, exclusive: true }, () => resolve());
  });

  const sockets = new Set<Socket>();
  const tcp: Server = createServer((client) => {
    const server = connect(back.port, back.address);
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen({ host: front.address, port: front.port, exclusive: true }, () => resolve());
  });

  return {
    async close() {
      for (const { sock, timer } of upstreams.values()) {
        clearTimeout(timer);
        closeQuietly(sock);
      }
      upstreams.clear();
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}

function closeQuietly(sock: UdpSocket): void {
  try {
    sock.close();
  } catch {
    // already closed
  }
}

function resolver(s: BindServer, timeout: number): Resolver {
  const r = new Resolver({ timeout, tries: 1 });
  r.setServers([`${s.address}:${s.port}`]);
  return r;
}

function namedConf(dir: string, address: string, port: number, zone: string, keyPath: string): string {
  return `// Generated by test/env/bind.ts: one loopback-only authoritative server.
include "${keyPath}";
controls { };  // no rndc channel: it would bind 127.0.0.1:953 and clash between servers
options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  dump-file "${dir}/named_dump.db";
  statistics-file "${dir}/named.stats";
  memstatistics-file "${dir}/named.memstats";
  listen-on port ${port} { ${address}; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  allow-query { 127.0.0.0/8; };
  allow-transfer { none; };
  notify no;  // servers stay independent so a test can make one lag
};
zone "${zone}" {
  type primary;
  file "${dir}/${zone}.db";
  journal "${dir}/${zone}.db.jnl";
  allow-update { key "${TSIG_NAME}"; };
};
`;
}
