import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDenyAllPermissions } from '../../../electron/shell/permissions.ts';

type RequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type CheckHandler = (webContents: unknown, permission: string, origin: string, details: unknown) => boolean;
type DeviceHandler = (details: unknown) => boolean;

function installed() {
  const got: { request?: RequestHandler; check?: CheckHandler; device?: DeviceHandler } = {};
  const session = {
    setPermissionRequestHandler: (h: RequestHandler) => (got.request = h),
    setPermissionCheckHandler: (h: CheckHandler) => (got.check = h),
    setDevicePermissionHandler: (h: DeviceHandler) => (got.device = h),
  };
  installDenyAllPermissions(session as unknown as Parameters<typeof installDenyAllPermissions>[0]);
  assert.ok(got.request && got.check && got.device, 'all three handlers installed');
  return got as Required<typeof got>;
}

// Including the ones a certificate app might be tempted to allow, and ones from our own origin.
const permissions = [
  'media',
  'geolocation',
  'notifications',
  'openExternal',
  'clipboard-read',
  'clipboard-sanitized-write',
  'fullscreen',
  'pointerLock',
  'hid',
  'serial',
  'usb',
  'midiSysex',
  'display-capture',
  'fileSystem',
  'persistent-storage',
  'storage-access',
  'local-fonts',
  'idle-detection',
  'window-management',
  'unknown',
];
const origins = ['app://persistcert', 'https://evil.example', 'app://other', ''];
// The one exception: our own pages may write to the clipboard (the Copy buttons).
const granted = (permission: string, origin: string) => permission === 'clipboard-sanitized-write' && origin === 'app://persistcert';

for (const permission of permissions) {
  test(`permission request for ${permission} is answered once, at once`, () => {
    const { request } = installed();
    for (const origin of origins) {
      const answers: boolean[] = [];
      request({}, permission, (granted) => answers.push(granted), { requestingUrl: `${origin}/` });
      assert.deepEqual(answers, [granted(permission, origin)], origin);
    }
  });
  test(`permission check for ${permission}`, () => {
    const { check } = installed();
    for (const origin of origins) assert.equal(check(null, permission, origin, {}), granted(permission, origin), origin);
  });
}

test('device permission (HID, serial, USB) says no', () => {
  const { device } = installed();
  for (const deviceType of ['hid', 'serial', 'usb']) assert.equal(device({ deviceType, origin: 'app://persistcert' }), false);
});
