// Prints one keychain entry of the session's Secret Service: `node --import tsx read-keychain-entry.ts
// <service> <ref>`. For tests that check what another process (a restore) left in a keyring that
// lives only as long as its D-Bus session (test/env/with-keyring.sh).
import { OsKeychain } from '../../electron/core/keystore/os-keychain.ts';

const [service, ref] = process.argv.slice(2);
if (!service || !ref) throw new Error('usage: read-keychain-entry.ts <service> <ref>');
const value = await new OsKeychain({ service }).get(ref);
if (!value) throw new Error(`no keychain entry ${ref} in ${service}`);
process.stdout.write(value.toString('utf8'));
