import { loadCliConfig } from '../core/app/cli-config.ts';
import { resolveDataDir } from '../core/store/data-dir.ts';
import type { OptionValues } from './command.ts';

/**
 * Where each global option's value comes from, strongest first: the flag, an environment
 * variable, the config in the data dir (`persistcert config`, shared with the app's settings),
 * the built-in default.
 */
export type SettingSource = 'flag' | 'env' | 'config' | 'default';

export interface SettingSpec {
  key: 'ca' | 'ca-bundle' | 'dns' | 'auth-port' | 'keystore' | 'data-dir';
  env: string;
  /** What happens without a value, in words for `config list`. */
  fallback: string;
}

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'ca', env: 'PERSISTCERT_CA', fallback: 'none: commands that talk to a CA ask for one' },
  { key: 'ca-bundle', env: 'PERSISTCERT_CA_BUNDLE', fallback: 'the system trust store' },
  { key: 'dns', env: 'PERSISTCERT_DNS', fallback: 'the system resolver plus 1.1.1.1 and 8.8.8.8' },
  { key: 'auth-port', env: 'PERSISTCERT_AUTH_PORT', fallback: '53' },
  { key: 'keystore', env: 'PERSISTCERT_KEYSTORE', fallback: 'auto (the OS keychain)' },
  { key: 'data-dir', env: 'PERSISTCERT_DATA_DIR', fallback: 'the platform app-data folder' },
];

export interface ResolvedSetting {
  key: SettingSpec['key'];
  value: string | undefined;
  source: SettingSource;
}

/** Each global option's value and source; the data dir is never read from its own config. */
export async function resolveSettings(values: OptionValues, env: NodeJS.ProcessEnv): Promise<ResolvedSetting[]> {
  const flag = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const dataDir = resolveDataDir(flag('data-dir'), env);
  const config = await loadCliConfig(dataDir);
  const fromConfig: Record<SettingSpec['key'], string | undefined> = {
    ca: config.ca,
    'ca-bundle': config.caBundle,
    dns: config.resolvers.length ? config.resolvers.join(',') : undefined,
    'auth-port': config.authPort === undefined ? undefined : String(config.authPort),
    keystore: config.keystore,
    'data-dir': undefined,
  };
  return SETTINGS.map(({ key, env: name }): ResolvedSetting => {
    if (flag(key) !== undefined) return { key, value: flag(key), source: 'flag' };
    if (env[name]) return { key, value: env[name], source: 'env' };
    if (fromConfig[key] !== undefined) return { key, value: fromConfig[key], source: 'config' };
    return { key, value: key === 'data-dir' ? dataDir : undefined, source: 'default' };
  });
}

/** The option values with every global option filled in from its strongest source. */
export async function withSettings(values: OptionValues, env: NodeJS.ProcessEnv): Promise<OptionValues> {
  const out: OptionValues = { ...values };
  for (const s of await resolveSettings(values, env)) if (s.value !== undefined && s.source !== 'default') out[s.key] = s.value;
  return out;
}
