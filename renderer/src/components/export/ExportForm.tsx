import { useId, useState, type FormEvent } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { fileStem, joinPath } from '../../lib/paths.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { ExportResult, type Written } from './ExportResult.tsx';
import { COMPAT, keyFormatsFor, type Compat, type KeyFormat } from './formats.ts';
import { keepForRenewals, type ExportTargetChoice } from './keep-for-renewals.ts';

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
  const [kept, setKept] = useState(false);
  const [keepError, setKeepError] = useState<ApiErrorBody | null>(null);

  /** After a successful export: the files are written whatever happens here. */
  async function keepTarget(target: ExportTargetChoice): Promise<void> {
    try {
      await keepForRenewals(certificate.id, target);
      setKept(true);
    } catch (err) {
      setKeepError(toErrorBody(err));
    }
  }
  const [busy, setBusy] = useState(false);
  const result = useFocusResult<HTMLDivElement>();
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const formats = keyFormatsFor(certificate.keyType);

  async function choose(which: 'folder' | 'pfx'): Promise<void> {
    try {
      const { path } = await api.pickExportPath({ kind: which, suggested: which === 'folder' ? dir : pfxPath });
      if (path) (which === 'folder' ? setDir : setPfxPath)(path);
    } catch (err) {
      setError(toErrorBody(err));
    }
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setWritten(null);
    setKept(false);
    setKeepError(null);
    try {
      if (kind === 'pem') {
        const res = await api.exportPem({ certificateId: certificate.id, dir: dir.trim(), keyFormat, overwrite });
        setWritten({ files: res.files });
        announce(`Wrote ${res.files.length} files`);
        if (keep) await keepTarget({ kind: 'pem', dir: dir.trim(), keyFormat });
      } else {
        const res = await api.exportPfx({
          certificateId: certificate.id,
          path: pfxPath.trim(),
          compatibility: compat,
          ...(password ? { password } : {}),
          allowEmptyPassword: false,
          overwrite,
        });
        setWritten({ files: [{ role: 'PFX', path: res.path }], password: res.password, generated: res.generated });
        setPassword('');
        announce('Wrote the PFX file');
        if (keep) await keepTarget({ kind: 'pfx', path: res.path, compatibility: compat, password: res.password });
      }
    } catch (err) {
      setError(toErrorBody(err));
    } finally {
      setBusy(false);
      result.done();
    }
  }

  const target = kind === 'pem' ? dir.trim() : pfxPath.trim();
  return (
    <form className="stack export-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="segmented">
        <legend>Format</legend>
        <div className="segment">
          <input id={`${id}-pem`} type="radio" name={`${id}-kind`} checked={kind === 'pem'} onChange={() => setKind('pem')} />
          <label htmlFor={`${id}-pem`}>PEM files (cert, chain, key)</label>
        </div>
        <div className="segment">
          <input id={`${id}-pfx`} type="radio" name={`${id}-kind`} checked={kind === 'pfx'} onChange={() => setKind('pfx')} />
          <label htmlFor={`${id}-pfx`}>PFX / PKCS#12 (Windows, IIS, Java)</label>
        </div>
      </fieldset>

      {kind === 'pem' && (
        <>
          <fieldset className="radio-list">
            <legend>Private key format</legend>
            {formats.map((f) => (
              <div className="radio-row" key={f.id}>
                <input id={`${id}-kf-${f.id}`} type="radio" name={`${id}-kf`} checked={keyFormat === f.id} onChange={() => setKeyFormat(f.id)} aria-describedby={`${id}-kf-${f.id}-d`} />
                <label htmlFor={`${id}-kf-${f.id}`}>{f.label}</label>
                <p id={`${id}-kf-${f.id}-d`} className="hint">
                  {f.line}
                </p>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-dir`}>Folder</label>
            <div className="input-with-button">
              <input id={`${id}-dir`} className="mono" value={dir} onChange={(e) => setDir(e.target.value)} aria-describedby={`${id}-dir-hint`} />
              {nativeDialogs && (
                <button type="button" className="btn" onClick={() => void choose('folder')}>
                  Choose folder…
                </button>
              )}
            </div>
            <p id={`${id}-dir-hint`} className="hint">
              PersistCert writes cert.pem, chain.pem (when there are intermediates), fullchain.pem and privkey.pem here; the key file is readable only by you.
            </p>
          </div>
        </>
      )}

      {kind === 'pfx' && (
        <>
          <fieldset className="radio-list">
            <legend>Compatibility</legend>
            {COMPAT.map((c) => (
              <div className="radio-row" key={c.id}>
                <input id={`${id}-c-${c.id}`} type="radio" name={`${id}-compat`} checked={compat === c.id} onChange={() => setCompat(c.id)} aria-describedby={`${id}-c-${c.id}-d`} />
                <label htmlFor={`${id}-c-${c.id}`}>{c.label}</label>
                <p id={`${id}-c-${c.id}-d`} className="hint">
                  {c.label}: {c.line}
                </p>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-path`}>File path</label>
            <div className="input-with-button">
              <input id={`${id}-path`} className="mono" value={pfxPath} onChange={(e) => setPfxPath(e.target.value)} />
              {nativeDialogs && (
                <button type="button" className="btn" onClick={() => void choose('pfx')}>
                  Choose file…
                </button>
              )}
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-pw`}>PFX password (optional)</label>
            <input id={`${id}-pw`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={`${id}-pw-hint`} />
            <p id={`${id}-pw-hint`} className="hint">
              Leave empty and PersistCert generates a strong one (some software, such as Exchange, refuses an empty password).
            </p>
          </div>
        </>
      )}

      <div className="field field-inline">
        <input id={`${id}-ow`} type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
        <label htmlFor={`${id}-ow`}>Replace files that already exist</label>
      </div>
      {forRenewals && (
        <div className="field field-inline">
          <input id={`${id}-keep`} type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} aria-describedby={`${id}-keep-hint`} />
          <label htmlFor={`${id}-keep`}>Write each renewed certificate here too</label>
          <p id={`${id}-keep-hint`} className="hint">
            Saved as this certificate&rsquo;s Renewal &amp; deploy settings (Certificates page), where a reload command can be added.
          </p>
        </div>
      )}

      <div>
        <button type="submit" className="btn btn-primary" disabled={busy || target === ''}>
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>

      <div ref={result.ref} tabIndex={-1} className="focus-target stack">
        {error && <ErrorPanel error={error} title="Nothing was exported" />}
        {keepError && <ErrorPanel error={keepError} title="Exported, but renewed certificates will not be written here" />}

        {written && <ExportResult written={written} kept={kept} />}
      </div>
    </form>
  );
}
