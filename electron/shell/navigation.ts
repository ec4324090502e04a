import type { WebContents } from 'electron';
import { safeExternalUrl, openExternalSafely } from './external-links.ts';
import { isAppUrl } from './trusted-url.ts';

/** The parts of Electron's `WebContents` that `hardenWebContents` uses. */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Whether a navigation of our UI may proceed: only a same-document move inside
 * `app://persistcert` (history API or fragment routing of the single-page UI). Loading any
 * other document, even one of ours, is refused: the UI never needs it, and a page that can
 * navigate can be made to leave the app (Electron security checklist 13).
 */
export function isAllowedNavigation(target: { url: string; isSameDocument: boolean }): boolean {
  return target.isSameDocument === true && isAppUrl(target.url);
}

const hardened = new WeakSet<object>();

/**
 * Locks down one webContents. main.ts applies it to every webContents Electron creates
 * (`web-contents-created`) and windows.ts to the main window directly, so it is idempotent.
 * - `will-navigate` / `will-redirect`: refused unless `isAllowedNavigation` (checklist 13;
 *   Actual blocks redirects too, since a redirect replaces the page like a navigation).
 * - `window.open` and `target=_blank`: no new Electron window ever (checklist 14); http(s)
 *   links go to the user's browser through `openExternalSafely` (checklist 15).
 * - `<webview>`: never attached (checklist 12), as Actual does.
 */
export function hardenWebContents(contents: HardenableContents, openExternal: (url: string) => Promise<void>): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);

  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (safeExternalUrl(url)) void openExternalSafely(url, openExternal);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
