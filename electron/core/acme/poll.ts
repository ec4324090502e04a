import type { AcmeClient } from './client.ts';
import { AcmeError } from './errors.ts';
import { clampDelay } from './retry-after.ts';

/**
 * Polls a resource until `done` says so (RFC 8555 §7.5.1 and §7.4). The server's Retry-After is
 * honoured but clamped to the client's [initialMs, maxMs]; without it the delay grows
 * exponentially. Polls are strictly sequential: Pebble 2.10.0 can deadlock when an order is
 * polled while its finalize is in flight (letsencrypt/pebble#554).
 */
export async function pollUntil<T>(
  client: AcmeClient,
  fetch: () => Promise<{ body: T; retryAfter: Date | undefined }>,
  done: (body: T) => boolean,
  what: string,
): Promise<T> {
  const { initialMs, maxMs, timeoutMs } = client.pollOptions;
  const deadline = client.now().getTime() + timeoutMs;
  let delay = initialMs;
  for (;;) {
    const res = await fetch();
    if (done(res.body)) return res.body;
    const now = client.now();
    if (now.getTime() >= deadline) {
      throw new AcmeError(`Gave up waiting for the ${what} after ${Math.round(timeoutMs / 1000)} s; the CA kept it pending`);
    }
    const wait = clampDelay(res.retryAfter, now, initialMs, maxMs, delay);
    await client.sleep(Math.min(wait, Math.max(0, deadline - now.getTime())));
    delay = Math.min(maxMs, delay * 2);
  }
}
