#!/usr/bin/env bash
# Fetches Pebble >= 2.10 (dns-persist-01 + ARI) from Debian sid/forky into .cache/pebble without
# touching the system's apt configuration. Bookworm's own pebble (2.4.0) has neither feature.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="$root/.cache/pebble"
min_major=2 min_minor=10

have_version() {
  [ -x "$dest/usr/bin/pebble" ] && [ -f "$dest/VERSION" ] || return 1
  version_ok "$(cat "$dest/VERSION")"
}
version_ok() { # "2.10.0+ds1-2" -> compare major.minor
  local v=${1%%[+~-]*} major minor
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  [ "$major" -gt "$min_major" ] || { [ "$major" -eq "$min_major" ] && [ "$minor" -ge "$min_minor" ]; }
}

if have_version; then echo "pebble $(cat "$dest/VERSION") already in $dest"; exit 0; fi

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
cat > "$work/sid.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: sid forky
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts=(-o "Dir::Etc::SourceList=$work/sid.sources" -o Dir::Etc::SourceParts=/nonexistent
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root -qq)
apt-get "${apt_opts[@]}" update
version=$(apt-cache "${apt_opts[@]}" policy pebble | awk '/Candidate:/ {print $2}')
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  echo "fetch-pebble: Debian sid/forky offer no pebble package; cannot set up the test CA" >&2; exit 1
fi
if ! version_ok "$version"; then
  echo "fetch-pebble: Debian offers pebble $version, but PersistCert's tests need >= $min_major.$min_minor (dns-persist-01 and ARI)" >&2
  exit 1
fi
(cd "$work" && apt-get "${apt_opts[@]}" download "pebble=$version")
rm -rf "$dest"; mkdir -p "$dest"
dpkg-deb -x "$work"/pebble_*.deb "$dest"
echo "$version" > "$dest/VERSION"
"$dest/usr/bin/pebble" -version >/dev/null 2>&1 || true
echo "pebble $version fetched into $dest"
