// Port and address picking for loopback-only test servers.
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';

function listenTcp(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true }, () => resolve(srv));
  });
}

function closeTcp(srv: Server): Promise<void> {
  return new Promise((resolve) => srv.close(() => resolve()));
}

async function udpFree(host: string, port: number): Promise<boolean> {
  const sock = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind({ address: host, port, exclusive: true }, () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((resolve) => {
      try {
        sock.close(() => resolve());
      } catch {
        resolve(); // never bound: close() throws ERR_SOCKET_DGRAM_NOT_RUNNING
      }
    });
  }
}

/** A TCP port the kernel considers free on `host` right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const srv = await listenTcp(host, 0);
  const addr = srv.address();
  await closeTcp(srv);
  if (addr === null || typeof addr === 'string') throw new Error(`freePort: no port on ${host}`);
  return addr.port;
}

/** A port free for both UDP and TCP on every host (a DNS server needs both, on several addresses). */
export async function freeUdpTcpPort(hosts: string[]): Promise<number> {
  if (hosts.length === 0) throw new Error('freeUdpTcpPort: no hosts');
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort(hosts[0]);
    const held: Server[] = [];
    let ok = true;
    try {
      for (const host of hosts) {
        try {
          held.push(await listenTcp(host, port));
        } catch {
          ok = false;
          break;
        }
        if (!(await udpFree(host, port))) {
          ok = false;
          break;
        }
      }
    } finally {
      await Promise.all(held.map(closeTcp));
    }
    if (ok) return port;
  }
  throw new Error(`freeUdpTcpPort: no port free for UDP+TCP on ${hosts.join(', ')} after 50 attempts`);
}

/**
 * n distinct loopback addresses 127.53.X.Y, random per call so parallel runs rarely collide.
 * Linux routes all of 127.0.0.0/8 to lo, so they bind without any setup.
 */
export function randomLoopbackAddresses(n: number): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new Error(`randomLoopbackAddresses: bad n ${n}`);
  const x = randomInt(1, 255);
  const start = randomInt(1, 255 - n);
  return Array.from({ length: n }, (_, i) => `127.53.${x}.${start + i}`);
}
