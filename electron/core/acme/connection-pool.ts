import type { TLSSocket } from 'node:tls';

/** Who is using a connection: it gets the connection's bytes, its end and its errors. */
export interface ConnectionHolder {
  data(chunk: Buffer): void;
  end(): void;
  error(err: Error): void;
}

interface Origin {
  host: string;
  port: number;
  idle: PooledConnection[];
  /** Connections in use or being opened. */
  busy: number;
  waiting: { resolve: (c: PooledConnection) => void; reject: (err: Error) => void }[];
}

/**
 * One kept-alive connection. Its socket's listeners are set once, when it opens, and pass
 * everything to the current holder: a batch's few hundred requests then add and remove none.
 */
export class PooledConnection {
  holder: ConnectionHolder | undefined;
  /** Whether it carried an earlier request (kept alive, RFC 9112 §9.3). */
  reused = false;

  constructor(
    readonly socket: TLSSocket,
    /** Whose count it is in (a pool closed meanwhile has forgotten it). */
    readonly origin: Origin,
    idleEnded: (c: PooledConnection) => void,
  ) {
    const idleEnd = () => idleEnded(this);
    socket.on('data', (chunk: Buffer) => (this.holder ? this.holder.data(chunk) : idleEnd()));
    socket.on('end', () => (this.holder ? this.holder.end() : idleEnd()));
    socket.on('close', () => (this.holder ? this.holder.end() : idleEnd()));
    socket.on('error', (err) => this.holder?.error(err));
    // Never keeps a process alive by itself: a request under way does, through its timeout timer.
    socket.unref();
  }
}

/**
 * Kept-alive connections to each CA server, at most `maxPerOrigin` at once (requests beyond wait
 * for one). An idle connection is dropped when the server closes it or sends anything unasked.
 */
export class ConnectionPool {
  private readonly origins = new Map<string, Origin>();
  private readonly open = new Set<PooledConnection>();

  constructor(
    private readonly connect: (host: string, port: number) => Promise<TLSSocket>,
    private readonly maxPerOrigin: number,
  ) {}

  acquire(host: string, port: number): Promise<PooledConnection> {
    const origin = this.origin(host, port);
    const idle = origin.idle.pop();
    if (idle) {
      origin.busy++;
      return Promise.resolve(idle);
    }
    if (origin.busy < this.maxPerOrigin) {
      origin.busy++;
      return this.opened(origin);
    }
    return new Promise((resolve, reject) => origin.waiting.push({ resolve, reject }));
  }

  /** Gives a connection back: kept for the next request when `reusable`, else closed. */
  release(connection: PooledConnection, reusable: boolean): void {
    connection.holder = undefined;
    const { socket, origin } = connection;
    if (!reusable || socket.destroyed || !socket.writable || !this.open.has(connection)) {
      origin.busy--;
      this.open.delete(connection);
      socket.destroy();
      this.openForNextWaiting(origin);
      return;
    }
    const next = origin.waiting.shift();
    connection.reused = true;
    if (next) return next.resolve(connection);
    origin.busy--;
    origin.idle.push(connection);
  }

  /** Closes every connection, idle or in use (their requests fail); the pool stays usable. */
  destroy(): void {
    for (const connection of this.open) connection.socket.destroy();
    this.open.clear();
    for (const origin of this.origins.values()) {
      for (const w of origin.waiting) w.reject(new Error('the connection pool was closed'));
    }
    this.origins.clear();
  }

  private origin(host: string, port: number): Origin {
    const key = `${host}:${port}`;
    let origin = this.origins.get(key);
    if (!origin) this.origins.set(key, (origin = { host, port, idle: [], busy: 0, waiting: [] }));
    return origin;
  }

  private async opened(origin: Origin): Promise<PooledConnection> {
    let socket: TLSSocket;
    try {
      socket = await this.connect(origin.host, origin.port);
    } catch (err) {
      origin.busy--;
      // A request waiting for a connection makes its own attempt now, and fails as fast as this
      // one did, instead of waiting out its timeout for a connection that is not coming.
      this.openForNextWaiting(origin);
      throw err;
    }
    const connection = new PooledConnection(socket, origin, (idle) => this.dropIdle(idle));
    this.open.add(connection);
    return connection;
  }

  /** A connection ended or failed to open: the first request waiting gets a new one. */
  private openForNextWaiting(origin: Origin): void {
    const next = origin.waiting.shift();
    if (!next) return;
    origin.busy++;
    this.opened(origin).then(next.resolve, next.reject);
  }

  private dropIdle(connection: PooledConnection): void {
    this.open.delete(connection);
    const at = connection.origin.idle.indexOf(connection);
    if (at >= 0) connection.origin.idle.splice(at, 1);
    connection.socket.destroy();
  }
}
