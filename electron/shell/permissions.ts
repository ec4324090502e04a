import type { Session } from 'electron';
import { isAppUrl } from './trusted-url.ts';

/**
 * Permission handlers that refuse everything (Electron security checklist 5), with one
 * exception. Electron grants every permission request by default; the UI needs nothing but
 * writing to the clipboard (the wizard's Copy buttons put the record's name and value there), so
 * `clipboard-sanitized-write` is granted to our own app:// pages and nothing else is granted to
 * anyone: camera, microphone, geolocation, `openExternal` from the page, clipboard reads, and
 * HID/serial/USB devices alike.
 */
const ALLOWED_FOR_APP = new Set(['clipboard-sanitized-write']);

function allowed(permission: string, url: string | undefined): boolean {
  return ALLOWED_FOR_APP.has(permission) && url !== undefined && isAppUrl(url);
}

/** For `session.setPermissionRequestHandler`: "no", except clipboard writes from app://. */
export function denyPermissionRequest(
  _webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: { requestingUrl?: string },
): void {
  callback(allowed(permission, details?.requestingUrl));
}

/** For `session.setPermissionCheckHandler`: "not granted", except clipboard writes from app://. */
export function denyPermissionCheck(_webContents: unknown, permission: string, requestingOrigin: string): boolean {
  return allowed(permission, requestingOrigin === '' ? undefined : `${requestingOrigin}/`);
}

/** For `session.setDevicePermissionHandler` (WebHID, Web Serial, WebUSB). */
export function denyDevicePermission(): boolean {
  return false;
}

/** Installs the deny-all handlers on a session (the default one, in main.ts). */
export function installDenyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(denyDevicePermission);
}
