import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import type { CertificateView, RenewalSettingsView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { hostOf, listText } from '../../lib/format.ts';
import { fileStem, joinPath } from '../../lib/paths.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { useRenewal } from '../../store/renewal-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { COMPAT, keyFormatsFor } from '../export/formats.ts';
import { backupCandidates, DEPLOY_VARIABLES, draftOf, FIELD_ORDER, paramsOf, validate, type RenewalDraft, type RenewalField } from './renewal-settings.ts';

/** How renewal goes for one certificate and where each new certificate is put (setRenewalSettings). */
export function RenewalSettingsForm({ certificate: c }: { certificate: CertificateView }) {
  const defaultDir = useApp((s) => s.info?.defaultExportDir ?? '');
  // A deploy command runs with the user's rights: the browser may show it, never set it (the core refuses too).
  const inBrowser = useApp((s) => s.info?.host === 'web');
  const accounts = useAccounts((s) => s.accounts);
  const id = useId();
  const [view, setView] = useState<RenewalSettingsView | null>(null);
  const [draft, setDraft] = useState<RenewalDraft | null>(null);
  const [loadError, setLoadError] = useState<ApiErrorBody | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [saved, setSaved] = useState(false);
  // Focus goes to the first invalid field after the render that shows its error.
  const [focusReq, setFocusReq] = useState<{ field: RenewalField; n: number } | null>(null);
  const stem = fileStem(c.names[0] ?? 'certificate');
  const defaults = useRef({ pemDir: defaultDir ? joinPath(defaultDir, stem) : '', pfxPath: defaultDir ? joinPath(defaultDir, `${stem}.pfx`) : '' });

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api
      .getRenewalSettings({ certificateId: c.id })
      .then((v) => {
        if (!live) return;
        setView(v);
        setDraft(draftOf(v, defaults.current));
      })
      .catch((e: unknown) => live && setLoadError(toErrorBody(e)));
    if (!useAccounts.getState().accounts) void useAccounts.getState().refresh();
    return () => {
      live = false;
    };
  }, [c.id, attempt]);

  useEffect(() => {
    if (focusReq) document.getElementById(`${id}-${focusReq.field}`)?.focus();
  }, [focusReq, id]);

  if (loadError) return <ErrorPanel error={loadError} title="The renewal settings could not be loaded" onRetry={() => setAttempt((n) => n + 1)} />;
  if (!view || !draft) return <Loading label="Loading renewal settings…" />;

  const d = draft;
  const errors = tried ? validate(d) : {};
  const errorCount = Object.keys(errors).length;
  const update = (patch: Partial<RenewalDraft>): void => {
    setDraft({ ...d, ...patch });
    setSaved(false);
  };
  const formats = keyFormatsFor(c.keyType, d.keyFormat);
  const candidates = backupCandidates(accounts ?? [], view.accountId, c.directoryUrl, d.backupAccountId);
  const primaryHost = hostOf(accounts?.find((a) => a.id === view.accountId)?.directoryUrl ?? c.directoryUrl);
  const hasPassword = view.pfx?.hasPassword ?? false;

  /** Props tying a text field to its hint and its error. */
  const described = (field: RenewalField, hint = true) => ({
    id: `${id}-${field}`,
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': [errors[field] ? `${id}-${field}-err` : '', hint ? `${id}-${field}-hint` : ''].filter(Boolean).join(' ') || undefined,
  });
  const errorText = (field: RenewalField) =>
    errors[field] ? (
      <p id={`${id}-${field}-err`} className="hint hint-error">
        <StatusIcon kind="error" /> {errors[field]}
      </p>
    ) : null;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy) return;
    const found = validate(d);
    const first = FIELD_ORDER.find((f) => found[f]);
    if (first) {
      setTried(true);
      setSaved(false);
      setFocusReq((r) => ({ field: first, n: (r?.n ?? 0) + 1 }));
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const v = await api.setRenewalSettings(paramsOf(c.id, d));
      setView(v);
      setDraft(draftOf(v, defaults.current));
      setTried(false);
      setSaved(true);
      announce('Renewal settings saved');
      // The plan may have changed (automatic renewal, backup CA); main also says so by event.
      void useRenewal.getState().refresh();
    } catch (err) {
      setError(toErrorBody(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack renewal-settings" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="group">
        <legend>Renewal</legend>
        <div className="field field-inline">
          <input id={`${id}-auto`} type="checkbox" role="switch" checked={d.autoRenew} onChange={(e) => update({ autoRenew: e.target.checked })} aria-describedby={`${id}-auto-hint`} />
          <label htmlFor={`${id}-auto`}>Renew automatically</label>
          <p id={`${id}-auto-hint`} className="hint">
            PersistCert renews this certificate by itself at the planned moment. When off, it renews only when you choose &ldquo;Renew now&rdquo; or run <code>persistcert renew</code>.
          </p>
        </div>
        <div className="field field-inline">
          <input id={`${id}-reuse`} type="checkbox" checked={d.reuseKey} onChange={(e) => update({ reuseKey: e.target.checked })} aria-describedby={`${id}-reuse-hint`} />
          <label htmlFor={`${id}-reuse`}>Keep the same private key when renewing</label>
          <p id={`${id}-reuse-hint`} className="hint">
            Only if something pins the key (a TLSA record, a key uploaded elsewhere). A new key each time is safer and is the default.
          </p>
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>PEM files</legend>
        <div className="field field-inline">
          <input id={`${id}-pem-on`} type="checkbox" checked={d.pemOn} onChange={(e) => update({ pemOn: e.target.checked })} aria-describedby={`${id}-pem-on-hint`} />
          <label htmlFor={`${id}-pem-on`}>Write PEM files after each renewal</label>
          <p id={`${id}-pem-on-hint`} className="hint">
            cert.pem, chain.pem, fullchain.pem and privkey.pem are replaced in the folder; the key file is readable only by you.
          </p>
        </div>
        {d.pemOn && (
          <>
            <div className="field">
              <label htmlFor={`${id}-pemDir`}>PEM folder</label>
              <input className="mono" spellCheck={false} value={d.pemDir} onChange={(e) => update({ pemDir: e.target.value })} {...described('pemDir')} />
              {errorText('pemDir')}
              <p id={`${id}-pemDir-hint`} className="hint">
                A full path such as /etc/ssl/{stem} (~/ stands for your home folder): the background service uses it too.
              </p>
            </div>
            <fieldset className="radio-list">
              <legend>Private key format</legend>
              {formats.map((f) => (
                <div className="radio-row" key={f.id}>
                  <input id={`${id}-kf-${f.id}`} type="radio" name={`${id}-kf`} checked={d.keyFormat === f.id} onChange={() => update({ keyFormat: f.id })} aria-describedby={`${id}-kf-${f.id}-d`} />
                  <label htmlFor={`${id}-kf-${f.id}`}>{f.label}</label>
                  <p id={`${id}-kf-${f.id}-d`} className="hint">
                    {f.line}
                  </p>
                </div>
              ))}
            </fieldset>
          </>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>PFX file</legend>
        <div className="field field-inline">
          <input id={`${id}-pfx-on`} type="checkbox" checked={d.pfxOn} onChange={(e) => update({ pfxOn: e.target.checked })} aria-describedby={`${id}-pfx-on-hint`} />
          <label htmlFor={`${id}-pfx-on`}>Write a PFX file after each renewal</label>
          <p id={`${id}-pfx-on-hint`} className="hint">
            One PKCS#12 file with the certificate, chain and key, for Windows, IIS and Java.
          </p>
        </div>
        {d.pfxOn && (
          <>
            <div className="field">
              <label htmlFor={`${id}-pfxPath`}>PFX file path</label>
              <input className="mono" spellCheck={false} value={d.pfxPath} onChange={(e) => update({ pfxPath: e.target.value })} {...described('pfxPath')} />
              {errorText('pfxPath')}
              <p id={`${id}-pfxPath-hint`} className="hint">
                A full path to the file (~/ stands for your home folder), replaced after each renewal.
              </p>
            </div>
            <fieldset className="radio-list">
              <legend>Compatibility</legend>
              {COMPAT.map((o) => (
                <div className="radio-row" key={o.id}>
                  <input id={`${id}-c-${o.id}`} type="radio" name={`${id}-compat`} checked={d.compat === o.id} onChange={() => update({ compat: o.id })} aria-describedby={`${id}-c-${o.id}-d`} />
                  <label htmlFor={`${id}-c-${o.id}`}>{o.label}</label>
                  <p id={`${id}-c-${o.id}-d`} className="hint">
                    {o.label}: {o.line}
                  </p>
                </div>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-password`}>PFX password (optional)</label>
              {hasPassword && (
                <p className="ok-text small">
                  <StatusIcon kind="ok" /> A password is stored
                </p>
              )}
              <input
                type="password"
                autoComplete="new-password"
                value={d.password}
                disabled={d.clearPassword}
                onChange={(e) => update({ password: e.target.value })}
                {...described('password')}
              />
              {errorText('password')}
              <p id={`${id}-password-hint`} className="hint">
                {hasPassword
                  ? 'Leave this empty to keep the stored password; type a new one to replace it. It is kept in the keychain and never shown.'
                  : 'No password is stored, so the file gets an empty one (some software, such as Exchange, refuses that). Type one to set it; it is kept in the keychain.'}
              </p>
            </div>
            {hasPassword && (
              <div className="field field-inline">
                <input id={`${id}-clear-pw`} type="checkbox" checked={d.clearPassword} onChange={(e) => update({ clearPassword: e.target.checked, password: '' })} />
                <label htmlFor={`${id}-clear-pw`}>Remove the stored password (the file gets an empty password)</label>
              </div>
            )}
          </>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Command</legend>
        <div className="field field-inline">
          <input
            id={`${id}-cmd-on`}
            type="checkbox"
            checked={d.cmdOn}
            disabled={inBrowser && !d.cmdOn}
            onChange={(e) => update({ cmdOn: e.target.checked })}
            aria-describedby={`${id}-cmd-on-hint`}
          />
          <label htmlFor={`${id}-cmd-on`}>Run a command after each renewal</label>
          <p id={`${id}-cmd-on-hint`} className="hint">
            For example <code>systemctl reload nginx</code>, so the server picks up the new certificate.
            {inBrowser && (
              <>
                {' '}
                <strong>The command can only be set in the desktop app or with</strong> <code>persistcert configure {c.id} --deploy-command &quot;…&quot;</code>: it runs with your rights, so
                this browser page may show it or turn it off, never set it.
              </>
            )}
          </p>
        </div>
        {d.cmdOn && (
          <>
            <div className="field">
              <label htmlFor={`${id}-run`}>Command</label>
              <textarea rows={3} className="mono" spellCheck={false} readOnly={inBrowser} value={d.run} onChange={(e) => update({ run: e.target.value })} {...described('run')} />
              {errorText('run')}
              <p id={`${id}-run-hint`} className="hint">
                Runs with /bin/sh (cmd.exe on Windows) after every renewal, once the files above are written; variables PERSISTCERT_CERT_PATH, PERSISTCERT_KEY_PATH, PERSISTCERT_FULLCHAIN_PATH,
                PERSISTCERT_PFX_PATH, PERSISTCERT_NAMES, PERSISTCERT_SERIAL, PERSISTCERT_NOT_AFTER and more are set. If it fails, the deploy is retried later.
              </p>
            </div>
            <details className="env-vars">
              <summary>Every variable the command gets</summary>
              <dl className="kv kv-grid">
                {DEPLOY_VARIABLES.map((v) => (
                  <Fragment key={v.name}>
                    <dt className="mono">{v.name}</dt>
                    <dd>{v.description}</dd>
                  </Fragment>
                ))}
              </dl>
              <p className="hint">The path variables are set only for the files this certificate writes (the PEM folder, the PFX file).</p>
            </details>
            <div className="field field-narrow">
              <label htmlFor={`${id}-timeout`}>Time limit in seconds</label>
              <input inputMode="numeric" className="input-number" value={d.timeout} onChange={(e) => update({ timeout: e.target.value })} {...described('timeout')} />
              {errorText('timeout')}
              <p id={`${id}-timeout-hint`} className="hint">
                A whole number from 1 to 3600. After that the command, and everything it started, is stopped and the deploy counts as failed.
              </p>
            </div>
          </>
        )}
      </fieldset>

      <fieldset className="group">
        <legend>Check the servers after each deploy</legend>
        <div className="field">
          <label htmlFor={`${id}-verify`}>Servers that must serve the new certificate, one per line</label>
          <textarea rows={2} className="mono" spellCheck={false} value={d.verify} onChange={(e) => update({ verify: e.target.value })} {...described('verify')} />
          {errorText('verify')}
          <p id={`${id}-verify-hint`} className="hint">
            host:port, with sni=name when the name differs and starttls=smtp or starttls=imap for mail, for example www.example.com:443. After each deploy PersistCert connects and
            compares what is served with the new certificate, and says so when a server still serves the old one.
          </p>
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-verifyWait`}>Wait for a reload up to (seconds)</label>
          <input inputMode="numeric" className="input-number" value={d.verifyWait} onChange={(e) => update({ verifyWait: e.target.value })} {...described('verifyWait')} />
          {errorText('verifyWait')}
          <p id={`${id}-verifyWait-hint`} className="hint">
            Servers reload in the background; they are asked again until then. From 0 to 3600.
          </p>
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>Backup CA</legend>
        <p id={`${id}-backup-about`} className="hint">
          If renewing from {primaryHost} keeps failing, or it stops offering dns-persist-01, PersistCert renews from the backup account&rsquo;s CA instead. That CA checks its own record: the
          dns-persist-01 record naming the backup account must be published for {listText(c.names)} too (the New certificate wizard&rsquo;s DNS record step shows it), or the backup CA refuses.
        </p>
        <div className="field">
          <label htmlFor={`${id}-backup`}>Backup account</label>
          <select id={`${id}-backup`} value={d.backupAccountId} onChange={(e) => update({ backupAccountId: e.target.value })} aria-describedby={`${id}-backup-about ${id}-backup-hint`}>
            <option value="">None</option>
            {candidates.map((a) => (
              <option key={a.id} value={a.id}>
                {hostOf(a.directoryUrl)} — {a.accountUrl}
              </option>
            ))}
            {d.backupAccountId && accounts && !candidates.some((a) => a.id === d.backupAccountId) && <option value={d.backupAccountId}>Unknown account {d.backupAccountId}</option>}
          </select>
          <p id={`${id}-backup-hint`} className="hint">
            {accounts === null
              ? 'Loading accounts…'
              : candidates.length
                ? `Accounts at a CA other than ${primaryHost}.`
                : `There is no account at a CA other than ${primaryHost} yet. Create one in the New certificate wizard, then publish its record for these names.`}
          </p>
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-failover`}>Switch to the backup after this many failed attempts</label>
          <input inputMode="numeric" className="input-number" value={d.failover} onChange={(e) => update({ failover: e.target.value })} {...described('failover')} />
          {errorText('failover')}
          <p id={`${id}-failover-hint`} className="hint">
            A whole number from 1 to 20, counted in a row. Used only when a backup account is chosen.
          </p>
        </div>
      </fieldset>

      <div className="row-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save renewal settings'}
        </button>
        {saved && (
          <span className="ok-text">
            <StatusIcon kind="ok" /> Saved
          </span>
        )}
        {errorCount > 0 && (
          <span className="hint hint-error">
            Nothing was saved: fix the {errorCount === 1 ? 'field' : `${errorCount} fields`} marked above.
          </span>
        )}
      </div>
      {error && <ErrorPanel error={error} title="The renewal settings were not saved" />}
    </form>
  );
}
