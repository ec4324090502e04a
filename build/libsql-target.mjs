// Stands in for @neon-rs/load inside the CLI bundle (build/bundle.mjs), with the same answers:
// libsql's index.js asks it which prebuilt package to load. Neon tells glibc from musl with
// process.report.getReport(), a full diagnostic report (~4.5 ms on every CLI start that opens the
// store); detect-libc, which libsql's index.js loads anyway, reads the ELF interpreter (~1 ms).
import { familySync, MUSL } from 'detect-libc';

const TARGETS = {
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
  'win32-ia32': 'win32-ia32-msvc',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'linux-arm': 'linux-arm-gnueabihf',
  'freebsd-x64': 'freebsd-x64',
  'android-arm': 'android-arm-eabi',
  'android-arm64': 'android-arm64',
};

export function currentTarget() {
  const key = `${process.platform}-${process.arch}`;
  if (key === 'linux-x64' || key === 'linux-arm64') return `${key}-${familySync() === MUSL ? 'musl' : 'gnu'}`;
  if (TARGETS[key]) return TARGETS[key];
  throw new Error(`libsql: unsupported system: ${process.platform} ${process.arch}`);
}

/** Neon's loader for a libsql checkout built in place (LIBSQL_JS_DEV), which the bundle does not support. */
export function load() {
  throw new Error('LIBSQL_JS_DEV is not supported by the persistcert bundle; unset it');
}
