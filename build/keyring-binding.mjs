// Stands in for @napi-rs/keyring's index.js inside the CLI bundle (build/bundle.mjs): the same
// prebuilt package for this system, whose names follow libsql's (./libsql-target.mjs). The
// package's own loader first tries a binary beside itself, reads /usr/bin/ldd to tell glibc from
// musl and requires the binary package's package.json for a version check that is off unless
// asked for: ~3 ms of every command that opens the keychain, where the binary itself loads in ~2.
// Any other case (a system without a target here, a package missing) goes to that loader.
import { createRequire } from 'node:module';
import { currentTarget } from './libsql-target.mjs';

const require = createRequire(import.meta.url);

function load() {
  try {
    return require(`@napi-rs/keyring-${currentTarget()}`);
  } catch {
    return require('@napi-rs/keyring');
  }
}

const binding = load();
export const { AsyncEntry, Entry, findCredentials, findCredentialsAsync } = binding;
