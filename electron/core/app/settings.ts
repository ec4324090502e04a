import path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../../shared/api/views.ts';
import { readVersionedFile, writeVersionedFile, type VersionedFormat } from '../store/versioned-file.ts';

const settingsSchema = z.object({
  resolvers: z.array(z.string()).default([]),
  notifyOnSuccess: z.boolean().default(false),
  launchAtLogin: z.boolean().default(true),
  renewalsPaused: z.boolean().default(false),
  webhookUrl: z.string().default(''),
});

const FORMAT: VersionedFormat<Settings> = { format: 'persistcert-settings', version: 1, schema: settingsSchema as z.ZodType<Settings>, migrations: {} };

export const DEFAULT_SETTINGS: Settings = { resolvers: [], notifyOnSuccess: false, launchAtLogin: true, renewalsPaused: false, webhookUrl: '' };

/** User settings in `<dataDir>/settings.json` (versioned, written atomically). */
export async function loadSettings(dataDir: string): Promise<Settings> {
  return (await readVersionedFile(path.join(dataDir, 'settings.json'), FORMAT))?.doc ?? DEFAULT_SETTINGS;
}

export async function saveSettings(dataDir: string, settings: Settings): Promise<void> {
  await writeVersionedFile(path.join(dataDir, 'settings.json'), FORMAT, settings);
}
