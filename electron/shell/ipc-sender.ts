import { isAppUrl } from './trusted-url.ts';

/** The parts of Electron's `WebFrameMain` the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown | null;
}

/**
 * Whether an IPC message may be acted on (Electron security checklist 17: validate the
 * sender of every IPC message). All three must hold:
 * - it comes from a BrowserWindow this app created (as Fiddle's `IpcMainManager` checks),
 *   not from some other webContents such as a devtools extension page;
 * - from that window's top frame (`parent === null`), not an iframe (as VS Code's
 *   `validatedIpcMain` checks);
 * - whose document is our bundled UI on `app://persistcert` (VS Code checks the origin too).
 * `frame` is null when the frame navigated away or was destroyed: untrusted.
 */
export function isTrustedSender(frame: SenderFrame | null, owningWindowId: number | undefined, ourWindowIds: ReadonlySet<number>): boolean {
  if (frame === null || frame === undefined) return false;
  if (owningWindowId === undefined || !ourWindowIds.has(owningWindowId)) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
