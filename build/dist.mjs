// `npm run dist`: the installable packages named in electron-builder.yml (AppImage and deb on
// Linux, dmg on macOS, nsis on Windows) for the platform this runs on. electron-builder fetches
// Electron from GitHub; where that cannot be reached (our offline machines), stop with one line
// that says so instead of a stack trace.
import { build } from 'electron-builder';

const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|status code 40[34]/;

try {
  await build({ publish: 'never' });
} catch (err) {
  const text = `${err?.message ?? err}\n${err?.stack ?? ''}`;
  if (OFFLINE.test(text)) {
    console.error(
      'npm run dist: electron-builder could not download Electron (no route to github.com from here); run it on a machine that can, or point ELECTRON_MIRROR / electronDist at a local copy.',
    );
  } else {
    console.error(`npm run dist: ${err?.message ?? err}`);
  }
  process.exit(1);
}
