import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, saveSettings } from '../../../../electron/core/app/settings.ts';
import type { Notice } from '../../../../electron/core/renewal/notices.ts';
import { startUnattendedRenewal } from '../../../../electron/core/renewal/unattended.ts';
import { startRenewalWorld, type RenewalWorld } from './renewal-world.ts';

// The tray app's unattended renewal stays in its process (the daemon runs the same pass in a
// process of its own: test/electron/cli/daemon-pass-process.test.ts). Real Pebble, BIND, keychain.
let w: RenewalWorld;
const DAY = 86_400_000;

before(async () => {
  w = await startRenewalWorld({ primary: 'pebble.letsencrypt.org' });
});
after(async () => {
  await w?.stop();
});

test('the tray renews a due certificate in its own process and tells the user through its sinks', { timeout: 120_000 }, async () => {
  const { primary } = w.cas;
  await w.publish('tray.example.test', primary!);
  const cert = await w.issue(primary!, ['tray.example.test']);
  w.clock.set(new Date());
  await w.service.run({ certificateIds: [cert.id] }); // renewal information fetched: not due yet
  const now = Date.now();
  await primary!.pebble.setRenewalInfo(cert.chainPem, {
    suggestedWindow: { start: new Date(now - 2 * DAY).toISOString(), end: new Date(now - DAY).toISOString() },
  });
  w.clock.set(new Date(Date.now() + DAY + 60_000));
  await saveSettings(w.services.store.dataDir, { ...DEFAULT_SETTINGS, notifyOnSuccess: true });

  const seen: Notice[] = [];
  let passes = 0;
  const scheduler = startUnattendedRenewal({
    service: w.service,
    clock: w.clock,
    sinks: [{ deliver: async (n) => void seen.push(n) }],
    log: () => {},
    onRunningChange: (running) => {
      if (!running) passes++;
    },
  });
  try {
    for (let i = 0; i < 600 && !seen.some((n) => n.kind === 'success'); i++) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await scheduler.stop();
  }
  assert.ok(passes >= 1, 'a pass ran');
  const success = seen.find((n) => n.kind === 'success');
  assert.ok(success, `a success notice (seen: ${seen.map((n) => n.kind).join(', ')})`);
  assert.deepEqual(success.names, ['tray.example.test']);
  assert.equal(w.cert(cert.id).status, 'replaced', 'renewed in this process');
});
