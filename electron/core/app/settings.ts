import { mkdir } from '../fs/fs-promised.ts';
import path from 'node:path';
import { z } from '../../../shared/zod.ts';
import type { Settings } from '../../../shared/api/views.ts';
import { withLockFile } from '../fs/lock-file.ts';
import { readVersionedFile, writeVersionedFile, type VersionedFormat } from '../store/versioned-file.ts';

/**
 * The CLI's remembered global options (`persistcert config set`). They live in the same file as
 * the app's settings, so the app and the CLI share one set; `dns` is the app's `resolvers`.
 */
export interface CliConfig {
  ca?: string;
  caBundle?: string;
  authPort?: number;
  keystore?: 'auto' | 'os' | 'file';
}

/** The settings as settings.json holds them (the view's `webhookSecretKept` is `webhookUrlRef`'s presence). */
export interface StoredSettings extends Omit<Settings, 'webhookSecretKept'> {
  /**
   * A webhook URL that carries a token is kept in the keystore under this ref; `webhookUrl` then
   * holds it with the secret parts replaced (redactUrl), for display. Secrets never sit in this file.
   */
  webhookUrlRef?: string;
}

interface SettingsFile extends StoredSettings {
  cli: CliConfig;
}

const settingsSchema = z.object({
  resolvers: z.array(z.string()).default([]),
  notifyOnSuccess: z.boolean().default(false),
  launchAtLogin: z.boolean().default(true),
  renewalsPaused: z.boolean().default(false),
  webhookUrl: z.string().default(''),
  webhookUrlRef: z.string().min(1).optional(),
  cli: z
    .object({
      ca: z.string().min(1).optional(),
      caBundle: z.string().min(1).optional(),
      authPort: z.number().int().min(1).max(65535).optional(),
      keystore: z.enum(['auto', 'os', 'file']).optional(),
    })
    .strict()
    .default({}),
});

const FORMAT: VersionedFormat<SettingsFile> = {
  format: 'persistcert-settings',
  version: 1,
  schema: settingsSchema as z.ZodType<SettingsFile>,
  migrations: {},
};

export const DEFAULT_SETTINGS: StoredSettings = {
  resolvers: [],
  notifyOnSuccess: false,
  launchAtLogin: true,
  renewalsPaused: false,
  webhookUrl: '',
};

const fileOf = (dataDir: string): string => path.join(dataDir, 'settings.json');

/** `config set` may be the first thing run on a new data dir: create it, private, first. */
async function writeFile(dataDir: string, doc: SettingsFile): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeVersionedFile(fileOf(dataDir), FORMAT, doc);
}

async function loadFile(dataDir: string): Promise<SettingsFile> {
  return (await readVersionedFile(fileOf(dataDir), FORMAT))?.doc ?? { ...DEFAULT_SETTINGS, cli: {} };
}

/** The whole settings file (the app's settings and the CLI's config), for a data-dir backup. */
export async function readSettingsFile(dataDir: string): Promise<SettingsFile | undefined> {
  return (await readVersionedFile(fileOf(dataDir), FORMAT))?.doc;
}

/** Writes a whole settings file, validated as on reading; for a restore. */
export async function writeSettingsFile(dataDir: string, doc: unknown): Promise<void> {
  await writeFile(dataDir, settingsSchema.parse(doc) as SettingsFile);
}

/** The schema a backup carries the settings file with (validated again on restore). */
export const settingsFileSchema = settingsSchema;

/** User settings in `<dataDir>/settings.json` (versioned, written atomically), as the app shows them. */
export async function loadSettings(dataDir: string): Promise<Settings> {
  return settingsView(await loadStoredSettings(dataDir));
}

/** The settings with the keystore ref of a webhook URL's secret, for whoever delivers notices. */
export async function loadStoredSettings(dataDir: string): Promise<StoredSettings> {
  const { cli: _cli, ...settings } = await loadFile(dataDir);
  return settings;
}

export function settingsView(stored: StoredSettings): Settings {
  const { webhookUrlRef, ...settings } = stored;
  return { ...settings, webhookSecretKept: webhookUrlRef !== undefined };
}

/**
 * Reads, changes and writes the settings file under a lock shared by every process (the app,
 * the daemon, `config set`), so two writers changing different settings both keep their change.
 */
async function changeFile(dataDir: string, change: (file: SettingsFile) => SettingsFile): Promise<SettingsFile> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withLockFile(path.join(dataDir, 'settings.lock'), async () => {
    const next = change(await loadFile(dataDir));
    await writeFile(dataDir, next);
    return next;
  });
}

/** Saves the app's settings; the CLI's part of the file is kept as it is. */
export async function saveSettings(dataDir: string, settings: StoredSettings): Promise<void> {
  await changeFile(dataDir, ({ cli }) => ({ ...settings, cli }));
}

/**
 * Applies the given settings over the saved ones in one locked step; returns the settings as saved.
 * A patch that names `webhookUrl` sets `webhookUrlRef` with it (absent: the URL holds no secret).
 */
export async function patchSettings(
  dataDir: string,
  patch: Partial<StoredSettings>,
): Promise<{ before: StoredSettings; after: StoredSettings }> {
  let before: StoredSettings = DEFAULT_SETTINGS;
  const { cli: _cli, ...after } = await changeFile(dataDir, (file) => {
    const { cli: _c, ...old } = file;
    before = old;
    const next: SettingsFile = { ...file, ...definedOnly(patch) };
    if (patch.webhookUrl !== undefined && patch.webhookUrlRef === undefined) delete next.webhookUrlRef;
    return next;
  });
  return { before, after };
}

function definedOnly(patch: Partial<StoredSettings>): Partial<StoredSettings> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<StoredSettings>;
}

export async function loadCliConfig(dataDir: string): Promise<CliConfig & { resolvers: string[] }> {
  const file = await loadFile(dataDir);
  return { ...file.cli, resolvers: file.resolvers };
}

/** Applies `change` to the CLI's config (undefined removes a key) and the shared resolvers. */
export async function updateCliConfig(
  dataDir: string,
  change: { cli?: Partial<Record<keyof CliConfig, unknown>>; resolvers?: string[] },
): Promise<void> {
  await changeFile(dataDir, (file) => {
    const cli: Record<string, unknown> = { ...file.cli };
    for (const [k, v] of Object.entries(change.cli ?? {})) {
      if (v === undefined) delete cli[k];
      else cli[k] = v;
    }
    return { ...file, ...(change.resolvers ? { resolvers: change.resolvers } : {}), cli: cli as CliConfig };
  });
}
