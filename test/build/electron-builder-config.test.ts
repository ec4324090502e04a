import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger, log } from 'builder-util';
import { PassThrough } from 'node:stream';

// electron-builder.yml is checked by electron-builder's own code and its shipped JSON schema
// (app-builder-lib/scheme.json): Electron cannot be downloaded here, so a real `npm run dist`
// stops before packaging, and a config mistake would otherwise surface only on a release machine.
const root = join(import.meta.dirname, '../..');
// electron-builder logs to stdout, which node:test uses for its own messages.
Object.defineProperty(log, 'stream', { value: new PassThrough().resume() });
const load = (): Promise<Configuration> => getConfig(root, join(root, 'electron-builder.yml'), null);
const validate = (config: Configuration): Promise<void> => validateConfiguration(config, new DebugLogger(false));

test('electron-builder.yml passes electron-builder schema validation', async () => {
  await validate(await load());
});

const BROKEN: [string, (c: Configuration) => unknown][] = [
  ['a misspelt option', (c) => ({ ...c, linux: { ...c.linux, targett: ['deb'] } })],
  ['a wrong type', (c) => ({ ...c, nsis: { ...c.nsis, oneClick: 'yes' } })],
  ['an unknown top-level key', (c) => ({ ...c, packaging: true })],
];
for (const [name, mutate] of BROKEN) {
  test(`the validation can fail: ${name} is refused`, async () => {
    await assert.rejects(validate(mutate(await load()) as Configuration), /configuration|invalid|unknown|must/i);
  });
}

/** Width and height from a PNG's IHDR chunk (PNG §11.2.2). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('every file the config names exists: icons at the sizes each platform needs, the app entry points', async () => {
  const config = await load();
  // macOS and Windows derive .icns/.ico from a PNG of at least 512 px (1024 for Retina).
  for (const icon of [config.mac?.icon, config.win?.icon]) {
    assert.ok(icon, 'mac and win name an icon');
    const { width, height } = pngSize(join(root, icon));
    assert.ok(width >= 1024 && width === height, `${icon} is ${width}x${height}`);
  }
  // Linux: a folder of <size>x<size>.png, each really that size.
  const linuxIcons = join(root, config.linux!.icon!);
  const files = readdirSync(linuxIcons);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    const file = `${size}x${size}.png`;
    assert.ok(files.includes(file), `missing ${file}`);
    assert.deepEqual(pngSize(join(linuxIcons, file)), { width: size, height: size });
  }
  // `files` globs cover the built entry points package.json and the shell load.
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    main: string;
    description?: string;
    author?: string;
    license?: string;
  };
  // getConfig normalises `files` into FileSets ({ filter: [...] }).
  const patterns = [config.files]
    .flat()
    .flatMap((f) => (typeof f === 'string' ? [f] : [(f as { filter?: string | string[] } | null)?.filter ?? []].flat()));
  const globs = patterns.map((g) => g.replace(/\*\*$/, ''));
  for (const entry of [pkg.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    assert.ok(
      globs.some((g) => entry.startsWith(g) || entry === g),
      `${entry} is not packed by "files"`,
    );
    assert.ok(existsSync(join(root, entry)) && statSync(join(root, entry)).size > 0, `${entry} was not built (npm run build)`);
  }
  // Metadata the deb and the installers show.
  assert.ok(pkg.description && pkg.author && pkg.license, 'package.json has description, author and license');
  const entry = (config.linux?.desktop as { entry?: Record<string, string> } | undefined)?.entry;
  assert.equal(entry?.Name, 'PersistCert');
  assert.match(entry?.Categories ?? '', /Utility;/);
});
