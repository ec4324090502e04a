import { api } from '../../api/index.ts';
import type { Written } from './ExportResult.tsx';
import type { Compat, KeyFormat } from './formats.ts';
import type { ExportTargetChoice } from './keep-for-renewals.ts';

export type ExportChoice =
  { kind: 'pem'; dir: string; keyFormat: KeyFormat } | { kind: 'pfx'; path: string; compatibility: Compat; password: string };

/** Writes one export; returns what was written, what to announce, and the target renewals may keep. */
export async function runExport(
  certificateId: string,
  choice: ExportChoice,
  overwrite: boolean,
): Promise<{ written: Written; said: string; target: ExportTargetChoice }> {
  if (choice.kind === 'pem') {
    const dir = choice.dir.trim();
    const res = await api.exportPem({ certificateId, dir, keyFormat: choice.keyFormat, overwrite });
    return {
      written: { files: res.files },
      said: `Wrote ${res.files.length} files`,
      target: { kind: 'pem', dir, keyFormat: choice.keyFormat },
    };
  }
  const res = await api.exportPfx({
    certificateId,
    path: choice.path.trim(),
    compatibility: choice.compatibility,
    ...(choice.password ? { password: choice.password } : {}),
    allowEmptyPassword: false,
    overwrite,
  });
  return {
    written: { files: [{ role: 'PFX', path: res.path }], password: res.password, generated: res.generated },
    said: 'Wrote the PFX file',
    target: { kind: 'pfx', path: res.path, compatibility: choice.compatibility, password: res.password },
  };
}
