// What `npm run sandbox` and `npm run demo` need before they start anything: the system tools
// (named by the Debian package that has them) and Pebble >= 2.10, fetched by the same pinned,
// checked script the tests use. Nothing is started half-way: a missing tool stops here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** A command and the Debian package that provides it. */
const TOOLS: [command: string, pkg: string][] = [
  ['named', 'bind9'],
  ['nsupdate', 'bind9-dnsutils'],
  ['dig', 'bind9-dnsutils'],
  ['openssl', 'openssl'],
  ['dpkg-deb', 'dpkg'],
  ['apt-get', 'apt'],
];

function onPath(command: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  return dirs.some((d) => d && existsSync(path.join(d, command)));
}

/** Exits with a message naming what to install, or makes sure Pebble is there. */
export function preflight(what: string, log: (line: string) => void = (l) => console.error(l)): void {
  const missing = TOOLS.filter(([command]) => !onPath(command));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))];
    log(`${what} needs ${missing.map(([c]) => c).join(', ')}, which this machine does not have.`);
    log(`Install: sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  if (!process.env.PATH?.split(':').includes('/usr/sbin')) process.env.PATH = `${process.env.PATH}:/usr/sbin`;
  if (!existsSync(path.join(root, '.cache/pebble/usr/bin/pebble'))) {
    log('Fetching Pebble (the test CA) from Debian, once…');
    const r = spawnSync('bash', [path.join(root, 'test/env/fetch-pebble.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) {
      log(`${what}: could not fetch Pebble (see above); nothing was started.`);
      process.exit(1);
    }
  }
}
