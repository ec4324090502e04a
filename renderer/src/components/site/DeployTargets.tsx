import { useEffect, useState } from 'react';
import type { RenewalSettingsView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';

/** Where each renewal is written and what runs after it (edited in Certificates → Renewal & deploy). */
export function DeployTargets({ certificateId }: { certificateId: string }) {
  const [settings, setSettings] = useState<RenewalSettingsView | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api
      .getRenewalSettings({ certificateId })
      .then((s) => live && setSettings(s))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [certificateId]);
  const none = settings && !settings.pem && !settings.pfx && !settings.command;
  return (
    <section className="card" aria-labelledby="site-deploy">
      <h2 id="site-deploy">Deployed to</h2>
      {failed && <p className="muted">The deploy settings could not be read.</p>}
      {none && <p className="muted">Nowhere yet: renewed certificates stay in PersistCert until you export them or set a deploy target.</p>}
      {settings && !none && (
        <dl className="kv kv-grid">
          {settings.pem && (
            <>
              <dt>PEM files</dt>
              <dd className="break mono">{settings.pem.dir}</dd>
            </>
          )}
          {settings.pfx && (
            <>
              <dt>PFX file</dt>
              <dd className="break mono">{settings.pfx.path}</dd>
            </>
          )}
          {settings.command && (
            <>
              <dt>Then runs</dt>
              <dd className="break mono">{settings.command.run}</dd>
            </>
          )}
          <dt>Automatic renewal</dt>
          <dd>{settings.autoRenew ? 'On' : 'Off'}</dd>
        </dl>
      )}
    </section>
  );
}
