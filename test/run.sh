#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Sets up what it needs (system packages, Pebble
# from Debian sid, the builds), then type-checks, lints, and runs every test file under a
# private D-Bus session with an unlocked gnome-keyring and throwaway HOME/TMPDIR.
#   --unit   only the tests that need no servers (test/shared, test/lint, crypto): no setup, no keyring
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin"
# Fixtures written with plain writeFile must not come out group-writable: a data dir with such a
# file is refused (fs/data-dir-trust.ts), and some CI images default to umask 002.
umask 022

unit=false
[ "${1:-}" = "--unit" ] && unit=true

# The unit run needs no system packages, no servers and no builds: it is for a quick edit-test loop.
if ! $unit; then
  bash test/env/system-packages.sh
  bash test/env/fetch-pebble.sh >/dev/null
  node build/bundle.mjs
  npx vite build --logLevel warn
fi

echo "== typecheck"
npm run -s typecheck
echo "== lint"
npx eslint . --max-warnings 0
npx prettier --check . --log-level warn

if $unit; then
  files=$(find test/shared test/lint test/electron/core/crypto -name '*.test.ts' 2>/dev/null | sort)
  exec node --import tsx --test --test-reporter=spec $files
else
  files=$(find test -name '*.test.ts' -not -path '*/fixtures/*' | sort)
fi
echo "== tests"
mkdir -p test-results
# Servers are started per test file; files run in parallel because they mostly wait on I/O.
exec bash test/env/with-keyring.sh node --import tsx --test --test-concurrency=4 --test-reporter=spec $files
