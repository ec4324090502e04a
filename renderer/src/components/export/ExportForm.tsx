import { useId, useState } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { fileStem, joinPath } from '../../lib/paths.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { CheckField, Field } from '../common/Field.tsx';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { ExportKind } from './ExportKind.tsx';
import { ExportResult, type Written } from './ExportResult.tsx';
import type { Compat, KeyFormat } from './formats.ts';
import { keepForRenewals } from './keep-for-renewals.ts';
import { PemFields } from './PemFields.tsx';
import { PfxFields } from './PfxFields.tsx';
import { runExport } from './run-export.ts';

/** Writes the certificate and key where the user says: a PEM set, or one PFX file. */
export function ExportForm({ certificate, forRenewals = false }: { certificate: CertificateView; forRenewals?: boolean }) {
  const defaultDir = useApp((s) => s.info?.defaultExportDir ?? '');
  // The desktop app can show the OS's own folder and save dialogs; in a browser, the path is typed.
  const nativeDialogs = useApp((s) => s.info?.host === 'electron');
  const id = useId();
  const stem = fileStem(certificate.names[0] ?? 'certificate');
  const [kind, setKind] = useState<'pem' | 'pfx'>('pem');
  const [keyFormat, setKeyFormat] = useState<KeyFormat>('pkcs8');
  // Each site its own folder: a second site's export must not meet (or replace) the first one's files.
  const [dir, setDir] = useState(defaultDir ? joinPath(defaultDir, stem) : '');
  const [compat, setCompat] = useState<Compat>('modern');
  const [pfxPath, setPfxPath] = useState(defaultDir ? joinPath(defaultDir, `${stem}.pfx`) : '');
  const [password, setPassword] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  // In the wizard, the first export is where renewals go too (unchecking keeps them separate).
  const [keep, setKeep] = useState(forRenewals);
  // What makes the server load the new certificate. Only the desktop app may set it: it runs with
  // the user's rights, so a native dialog asks to confirm it (a browser page never may).
  const [reload, setReload] = useState('');
  const [kept, setKept] = useState(false);
  const [keepError, setKeepError] = useState<ApiErrorBody | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const result = useFocusResult<HTMLDivElement>();

  const exporting = useAction(async () => {
    setWritten(null);
    setKept(false);
    setKeepError(null);
    const choice = kind === 'pem' ? { kind, dir, keyFormat } : { kind, path: pfxPath, compatibility: compat, password };
    const done = await runExport(certificate.id, choice, overwrite);
    setWritten(done.written);
    if (kind === 'pfx') setPassword('');
    announce(done.said);
    if (!keep) return;
    // The files are written whatever happens here.
    try {
      await keepForRenewals(certificate.id, done.target, nativeDialogs ? reload : '');
      setKept(true);
    } catch (err) {
      setKeepError(toErrorBody(err));
    }
  }, result.done);

  async function choose(which: 'folder' | 'pfx'): Promise<void> {
    try {
      const { path } = await api.pickExportPath({ kind: which, suggested: which === 'folder' ? dir : pfxPath });
      if (path) (which === 'folder' ? setDir : setPfxPath)(path);
    } catch (err) {
      exporting.setError(toErrorBody(err));
    }
  }
  const picker = (label: string, which: 'folder' | 'pfx') => (nativeDialogs ? { label, onPick: () => void choose(which) } : undefined);

  const target = kind === 'pem' ? dir.trim() : pfxPath.trim();
  return (
    <form className="stack export-form" onSubmit={exporting.onSubmit} noValidate>
      <ExportKind id={`${id}-kind`} kind={kind} onKind={setKind} />
      {kind === 'pem' && (
        <PemFields
          id={`${id}-dir`}
          keyType={certificate.keyType}
          dir={dir}
          onDir={setDir}
          keyFormat={keyFormat}
          onKeyFormat={setKeyFormat}
          dirLabel="Folder"
          dirHint="PersistCert writes cert.pem, chain.pem (when there are intermediates), fullchain.pem and privkey.pem here; the key file is readable only by you."
          pick={picker('Choose folder…', 'folder')}
        />
      )}
      {kind === 'pfx' && (
        <PfxFields
          id={`${id}-path`}
          path={pfxPath}
          onPath={setPfxPath}
          compat={compat}
          onCompat={setCompat}
          password={password}
          onPassword={setPassword}
          pathLabel="File path"
          passwordHint="Leave empty and PersistCert generates a strong one (some software, such as Exchange, refuses an empty password)."
          pick={picker('Choose file…', 'pfx')}
        />
      )}
      <CheckField id={`${id}-ow`} label="Replace files that already exist" checked={overwrite} onChange={setOverwrite} />
      {forRenewals && (
        <CheckField
          id={`${id}-keep`}
          label="Write each renewed certificate here too"
          hint={
            <>Saved as this certificate&rsquo;s Renewal &amp; deploy settings (Certificates page), where a reload command can be added.</>
          }
          checked={keep}
          onChange={setKeep}
        />
      )}
      {forRenewals && keep && nativeDialogs && (
        <Field
          id={`${id}-reload`}
          label="Command that makes your server load it (optional)"
          hint={
            <>
              For example <code>systemctl reload nginx</code>. It runs after each renewal, once you confirm it.
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              className="mono"
              value={reload}
              onChange={(e) => setReload(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={exporting.pending || target === ''}>
          {exporting.pending ? 'Exporting…' : 'Export'}
        </button>
      </div>
      <div ref={result.ref} tabIndex={-1} className="focus-target stack">
        {exporting.error && <ErrorPanel error={exporting.error} title="Nothing was exported" />}
        {keepError && <ErrorPanel error={keepError} title="Exported, but renewed certificates will not be written here" />}
        {written && <ExportResult written={written} kept={kept} />}
      </div>
    </form>
  );
}
