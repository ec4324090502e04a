#!/usr/bin/env bash
# The Debian packages the test environment needs: real BIND, Chromium, Secret Service, OpenSSL,
# Java keytool, and the peers for the benchmarks. Installs what is missing when run as root
# (CI, our dev machines); otherwise prints the command to run and fails.
set -euo pipefail
packages=(bind9 bind9-dnsutils chromium xvfb xauth gnome-keyring libsecret-tools dbus dbus-x11 openssl
  default-jre-headless lego certbot)
# A command from each package tells us whether it is there; dpkg-query is slower and lies for half-removed ones.
declare -A probe=([bind9]=named [bind9-dnsutils]=nsupdate [chromium]=chromium [xvfb]=Xvfb [xauth]=xauth
  [gnome-keyring]=gnome-keyring-daemon [libsecret-tools]=secret-tool [dbus]=dbus-daemon [dbus-x11]=dbus-launch
  [openssl]=openssl [default-jre-headless]=keytool [lego]=lego [certbot]=certbot)
missing=()
for p in "${packages[@]}"; do command -v "${probe[$p]}" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "${probe[$p]}" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
