import path from 'node:path';
import { resolveCa } from '../../../shared/ca-presets.ts';
import { updateCliConfig, type CliConfig } from '../../core/app/settings.ts';
import { parseServer } from '../../core/dns/dns-client.ts';
import { SYSTEM_RESOLVER } from '../../core/dns/default-resolvers.ts';
import { assertTrustedDataDir } from '../../core/fs/data-dir-trust.ts';
import { resolveDataDir } from '../../core/store/data-dir.ts';
import { EXIT, UsageError, stringOption, type Command, type CommandContext } from '../command.ts';
import { readCaBundle } from '../context.ts';
import { SETTINGS, resolveSettings, type SettingSpec } from '../settings-sources.ts';

type Key = SettingSpec['key'];
const KEYS = SETTINGS.map((s) => s.key);

/** Checks a value as the option itself would, and turns it into what the config file stores. */
async function toConfig(key: Key, value: string): Promise<{ cli?: Partial<Record<keyof CliConfig, unknown>>; resolvers?: string[] }> {
  switch (key) {
    case 'ca':
      try {
        resolveCa(value);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      return { cli: { ca: value } };
    case 'ca-bundle': {
      const file = path.resolve(value);
      await readCaBundle(file);
      return { cli: { caBundle: file } };
    }
    case 'dns': {
      const list = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length === 0) throw new UsageError('dns needs at least one server, e.g. 127.0.0.1:5353');
      for (const s of list) {
        if (s.toLowerCase() === SYSTEM_RESOLVER) continue; // as --dns accepts it
        try {
          parseServer(s);
        } catch (err) {
          throw new UsageError(`dns: "${s}": ${(err as Error).message}`);
        }
      }
      return { resolvers: list };
    }
    case 'auth-port': {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65535)
        throw new UsageError(`auth-port must be a port number from 1 to 65535, not "${value}"`);
      return { cli: { authPort: port } };
    }
    case 'keystore':
      if (!['auto', 'os', 'file'].includes(value)) throw new UsageError(`keystore must be auto, os or file, not "${value}"`);
      return { cli: { keystore: value } };
    case 'data-dir':
      throw new UsageError('data-dir cannot be saved in the data dir it names; use --data-dir or $PERSISTCERT_DATA_DIR');
  }
}

const UNSET: Record<Key, { cli?: Partial<Record<keyof CliConfig, unknown>>; resolvers?: string[] }> = {
  ca: { cli: { ca: undefined } },
  'ca-bundle': { cli: { caBundle: undefined } },
  dns: { resolvers: [] },
  'auth-port': { cli: { authPort: undefined } },
  keystore: { cli: { keystore: undefined } },
  'data-dir': {},
};

function keyArg(ctx: CommandContext, at: number): Key {
  const key = ctx.positionals[at];
  if (!key) throw new UsageError(`Name a setting: ${KEYS.join(', ')}`);
  if (!(KEYS as string[]).includes(key)) throw new UsageError(`Unknown setting "${key}"; the settings are ${KEYS.join(', ')}`);
  return key as Key;
}

/** `persistcert config`: the global options remembered in the data dir. */
export const configCommand: Command = {
  usage: 'persistcert config list [--json] | get <key> | set <key> <value> | unset <key>',
  options: {},
  help: {},
  async run(ctx) {
    const [action] = ctx.positionals;
    const dataDir = resolveDataDir(stringOption(ctx.values, 'data-dir'), ctx.env);
    switch (action) {
      case 'list': {
        const settings = await resolveSettings(ctx.values, ctx.env);
        if (ctx.values.json) {
          ctx.stdout.write(JSON.stringify(settings.map((s) => ({ key: s.key, value: s.value ?? null, source: s.source }))) + '\n');
          return EXIT.ok;
        }
        const width = Math.max(...KEYS.map((k) => k.length));
        for (const s of settings) {
          const fallback = SETTINGS.find((x) => x.key === s.key)!.fallback;
          ctx.stdout.write(`${s.key.padEnd(width)}  ${s.value ?? `(${fallback})`}  [${s.source}]\n`);
        }
        return EXIT.ok;
      }
      case 'get': {
        const key = keyArg(ctx, 1);
        const setting = (await resolveSettings(ctx.values, ctx.env)).find((s) => s.key === key)!;
        if (setting.value === undefined) return EXIT.notReady;
        ctx.stdout.write(`${setting.value}\n`);
        return EXIT.ok;
      }
      case 'set': {
        const key = keyArg(ctx, 1);
        const value = ctx.positionals[2];
        if (value === undefined || value.trim() === '') throw new UsageError(`Give a value: persistcert config set ${key} <value>`);
        if (ctx.positionals.length > 3) throw new UsageError('config set takes one key and one value; quote a value that has spaces');
        await assertTrustedDataDir(dataDir, { allowRoot: ctx.values['allow-root'] === true });
        await updateCliConfig(dataDir, await toConfig(key, value.trim()));
        ctx.stdout.write(`${key} = ${value.trim()} (saved in ${path.join(dataDir, 'settings.json')})\n`);
        return EXIT.ok;
      }
      case 'unset': {
        const key = keyArg(ctx, 1);
        if (key === 'data-dir') throw new UsageError('data-dir is never saved; nothing to unset');
        await assertTrustedDataDir(dataDir, { allowRoot: ctx.values['allow-root'] === true });
        await updateCliConfig(dataDir, UNSET[key]);
        return EXIT.ok;
      }
      default:
        throw new UsageError(`Say what to do: ${this.usage}`);
    }
  },
};
