import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allSinks, formatNoticeLine, logSink, webhookSink, type NoticeSink } from '../../../../electron/core/notify/notice-sinks.ts';
import type { Notice } from '../../../../electron/core/renewal/notices.ts';

const notice: Notice = {
  kind: 'failure',
  level: 'error',
  title: 'Renewal failed: example.com',
  body: 'The CA refused the order\nPublish the DNS record again',
  certificateId: 'cert-1',
  names: ['example.com', 'www.example.com'],
};

// A real receiver on 127.0.0.1 that answers every POST with `status` and keeps the bodies.
const servers: http.Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
async function receiver(status: number): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = status;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://hook-user:hook-pass@127.0.0.1:${(server.address() as AddressInfo).port}/hooks/SECRET-PATH`, bodies };
}

test('the log line is one line: level, title, body', async () => {
  const lines: string[] = [];
  await logSink((l) => lines.push(l)).deliver(notice);
  assert.deepEqual(lines, ['[error] Renewal failed: example.com: The CA refused the order Publish the DNS record again']);
  assert.equal(formatNoticeLine({ ...notice, level: 'info', title: ' T ', body: 'a\r\n\tb  ' }), '[info] T : a b');
});

test('a log that throws does not make delivery throw', async () => {
  await logSink(() => {
    throw new Error('disk full');
  }).deliver(notice);
});

test('the webhook gets the notice as an event', async () => {
  const r = await receiver(200);
  const log: string[] = [];
  const at = new Date('2026-11-01T12:00:00Z');
  await webhookSink(r.url, { log: (l) => log.push(l), now: () => at }).deliver(notice);
  assert.equal(r.bodies.length, 1);
  assert.deepEqual(JSON.parse(r.bodies[0]!), {
    event: 'failure',
    level: 'error',
    title: notice.title,
    body: notice.body,
    certificateId: 'cert-1',
    names: ['example.com', 'www.example.com'],
    at: '2026-11-01T12:00:00.000Z',
  });
  assert.deepEqual(log, []);
});

const failing: { what: string; url: () => Promise<string>; want: RegExp }[] = [
  { what: 'an error status', url: async () => (await receiver(500)).url, want: /answered HTTP 500/ },
  { what: 'a bad URL', url: async () => 'ftp://hook-user:hook-pass@example.com/SECRET-PATH', want: /must start with https:\/\// },
];
for (const c of failing) {
  test(`a failed webhook delivery is logged, not thrown: ${c.what}`, async () => {
    const log: string[] = [];
    await webhookSink(await c.url(), { log: (l) => log.push(l) }).deliver(notice);
    assert.equal(log.length, 1);
    assert.match(log[0]!, /^Webhook notice "Renewal failed: example\.com" was not delivered: /);
    assert.match(log[0]!, c.want);
    for (const secret of ['hook-user', 'hook-pass', 'SECRET-PATH']) assert.ok(!log[0]!.includes(secret), `${log[0]} leaks ${secret}`);
  });
}

test('allSinks delivers to each sink even when one throws or rejects', async () => {
  const got: string[] = [];
  const sinks: NoticeSink[] = [
    { deliver: async (n) => void got.push(`a:${n.kind}`) },
    {
      deliver: () => {
        throw new Error('sync throw');
      },
    },
    { deliver: async () => Promise.reject(new Error('rejected')) },
    { deliver: async (n) => void got.push(`d:${n.kind}`) },
  ];
  await allSinks(sinks).deliver(notice);
  assert.deepEqual(got.sort(), ['a:failure', 'd:failure']);
});
