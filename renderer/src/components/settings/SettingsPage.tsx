import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import type { Settings } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { useRenewal } from '../../store/renewal-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { PageHeading } from '../common/PageHeading.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';

const MAX_RESOLVERS = 10;
const MAX_WEBHOOK = 2000;

/** Empty, or a full http(s) address: what the renewal notices can be POSTed to. */
function webhookProblem(url: string): string | null {
  const u = url.trim();
  if (!u) return null;
  if (u.length > MAX_WEBHOOK) return `The address is too long (at most ${MAX_WEBHOOK} characters).`;
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return 'Enter a full address such as https://hooks.example.com/persistcert, or leave it empty.';
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? null : 'The address must start with https:// (or http://).';
}

/** "Settings": resolvers for the propagation check, notifications, renewals, launch at login. */
export function SettingsPage() {
  const info = useApp((s) => s.info);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [resolvers, setResolvers] = useState('');
  const [notify, setNotify] = useState(false);
  const [launch, setLaunch] = useState(false);
  const [paused, setPaused] = useState(false);
  const [webhook, setWebhook] = useState('');
  const [loadError, setLoadError] = useState<ApiErrorBody | null>(null);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const id = useId();

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api
      .getSettings({})
      .then((s) => {
        if (!live) return;
        setSettings(s);
        setResolvers(s.resolvers.join('\n'));
        setNotify(s.notifyOnSuccess);
        setLaunch(s.launchAtLogin);
        setPaused(s.renewalsPaused);
        setWebhook(s.webhookUrl);
      })
      .catch((e: unknown) => live && setLoadError(toErrorBody(e)));
    return () => {
      live = false;
    };
  }, [attempt]);

  const systemOnly = resolvers.trim().toLowerCase() === 'system';
  const list = resolvers
    .split(/\r?\n/)
    .map((r) => r.trim())
    .filter(Boolean);
  const tooMany = list.length > MAX_RESOLVERS;
  const badWebhook = webhookProblem(webhook);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy || tooMany || badWebhook) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const s = await api.setSettings({ resolvers: list, notifyOnSuccess: notify, launchAtLogin: launch, renewalsPaused: paused, webhookUrl: webhook.trim() });
      setSettings(s);
      setResolvers(s.resolvers.join('\n'));
      setNotify(s.notifyOnSuccess);
      setLaunch(s.launchAtLogin);
      setPaused(s.renewalsPaused);
      setWebhook(s.webhookUrl);
      useRenewal.getState().notePaused(s.renewalsPaused);
      setSaved(true);
      announce('Settings saved');
    } catch (err) {
      setError(toErrorBody(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Settings</PageHeading>
      {!settings && !loadError && <Loading label="Loading settings…" />}
      {loadError && <ErrorPanel error={loadError} title="Settings could not be loaded" onRetry={() => setAttempt((n) => n + 1)} />}
      {settings && (
        <form className="card stack settings" onSubmit={(e) => void save(e)} noValidate>
          <div className="field field-inline">
            <input
              id={`${id}-sysonly`}
              type="checkbox"
              checked={systemOnly}
              onChange={(e) => {
                setResolvers(e.target.checked ? 'system' : '');
                setSaved(false);
              }}
              aria-describedby={`${id}-sysonly-hint`}
            />
            <label htmlFor={`${id}-sysonly`}>System resolver only</label>
            <p id={`${id}-sysonly-hint`} className="hint">
              Unless you choose otherwise, the DNS check asks your system resolver and the public resolvers 1.1.1.1 (Cloudflare) and 8.8.8.8 (Google), so they see the names you check. With
              this on, only this computer&rsquo;s resolver is asked (the CLI equivalent: <code>--dns system</code>).
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-res`}>Public resolvers for the DNS check, one per line</label>
            <textarea
              id={`${id}-res`}
              rows={4}
              className="mono"
              spellCheck={false}
              disabled={systemOnly}
              value={resolvers}
              onChange={(e) => {
                setResolvers(e.target.value);
                setSaved(false);
              }}
              aria-describedby={`${id}-res-hint`}
              aria-invalid={tooMany}
            />
            <p id={`${id}-res-hint`} className={`hint ${tooMany ? 'hint-error' : ''}`}>
              {tooMany ? `At most ${MAX_RESOLVERS} resolvers.` : 'Written as an IP address or ip:port, e.g. 1.1.1.1 or 9.9.9.9:53; empty means the system resolver plus 1.1.1.1 and 8.8.8.8. Your domain\u2019s own name servers are always asked too.'}
            </p>
          </div>
          <div className="field field-inline">
            <input id={`${id}-notify`} type="checkbox" role="switch" checked={notify} onChange={(e) => { setNotify(e.target.checked); setSaved(false); }} />
            <label htmlFor={`${id}-notify`}>Notify me when a renewal succeeds</label>
          </div>
          <div className="field field-inline">
            <input id={`${id}-paused`} type="checkbox" role="switch" checked={paused} onChange={(e) => { setPaused(e.target.checked); setSaved(false); }} aria-describedby={`${id}-paused-hint`} />
            <label htmlFor={`${id}-paused`}>Pause unattended renewals</label>
            <p id={`${id}-paused-hint`} className="hint">
              Nothing is renewed on its own while paused, here or in the background service. &ldquo;Renew now&rdquo; and <code>persistcert renew</code> still work.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-hook`}>Webhook URL for renewal notices (optional)</label>
            <input
              id={`${id}-hook`}
              type="url"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={webhook}
              onChange={(e) => {
                setWebhook(e.target.value);
                setSaved(false);
              }}
              aria-describedby={`${id}-hook-hint`}
              aria-invalid={badWebhook !== null}
            />
            <p id={`${id}-hook-hint`} className={`hint ${badWebhook ? 'hint-error' : ''}`}>
              {badWebhook ??
                'After each renewal, failure or pending deploy, PersistCert POSTs a JSON notice here (a chat webhook, your monitoring). Such addresses often hold a token: treat it like a password. Leave empty for none.'}
            </p>
          </div>
          <div className="field field-inline">
            <input id={`${id}-launch`} type="checkbox" role="switch" checked={launch} onChange={(e) => { setLaunch(e.target.checked); setSaved(false); }} aria-describedby={`${id}-launch-hint`} />
            <label htmlFor={`${id}-launch`}>Launch at login</label>
            <p id={`${id}-launch-hint`} className="hint">
              So renewals happen without you opening PersistCert. This applies in the desktop app{info?.host === 'web' ? '; in this browser session it is only saved' : ''}.
            </p>
          </div>
          <div className="row-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || tooMany || badWebhook !== null}>
              {busy ? 'Saving…' : 'Save settings'}
            </button>
            {saved && (
              <span className="ok-text">
                <StatusIcon kind="ok" /> Saved
              </span>
            )}
          </div>
          {error && <ErrorPanel error={error} title="Settings were not saved" />}
        </form>
      )}
      {info && (
        <section className="card about" aria-labelledby={`${id}-about`}>
          <h2 id={`${id}-about`}>About this installation</h2>
          <dl className="kv kv-grid">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Running as</dt>
            <dd>{info.host === 'electron' ? 'Desktop app' : 'Local web page'}{info.demo ? ' (demo sandbox)' : ''}</dd>
            <dt>Data folder</dt>
            <dd className="mono break">{info.dataDir}</dd>
            <dt>Key storage</dt>
            <dd>{info.keystore}</dd>
            <dt>Export folder</dt>
            <dd className="mono break">{info.defaultExportDir}</dd>
          </dl>
        </section>
      )}
    </>
  );
}
