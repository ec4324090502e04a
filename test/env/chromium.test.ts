import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.ts';
import { run } from './process.ts';

const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

test('Debian Chromium loads a loopback page, reads its text and takes a screenshot', async () => {
  // Launch first: a failed launch must not leave a listening server that keeps this file alive.
  const browser = await launchChromium();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>env</title><h1 id="t">PersistCert test env</h1><p>loopback only</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  try {
    assert.ok(addr && typeof addr === 'object');
    const page = await browser.context.newPage();
    const res = await page.goto(`http://127.0.0.1:${addr.port}/`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.textContent('#t'), 'PersistCert test env');
    assert.match(await page.evaluate('navigator.userAgent'), /Chrome\//);

    await mkdir(resultsDir, { recursive: true });
    const shot = join(resultsDir, 'env-chromium.png');
    await page.screenshot({ path: shot });
    const png = await readFile(shot);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 1000);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  // No browser process may outlive close().
  const ps = await run('ps', ['-eo', 'pid,args']);
  assert.ok(!ps.includes(browser.profileDir), 'a chromium process still runs with our profile');
});
