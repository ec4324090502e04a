import { useId } from 'react';
import type { AppInfo } from '../../../../shared/api/views.ts';

/** Where this installation keeps its data, keys and exports. */
export function AboutInstallation({ info }: { info: AppInfo }) {
  const id = useId();
  return (
    <section className="card about" aria-labelledby={`${id}-about`}>
      <h2 id={`${id}-about`}>About this installation</h2>
      <dl className="kv kv-grid">
        <dt>Version</dt>
        <dd>{info.version}</dd>
        <dt>Running as</dt>
        <dd>
          {info.host === 'electron' ? 'Desktop app' : 'Local web page'}
          {info.demo ? ' (demo sandbox)' : ''}
        </dd>
        <dt>Data folder</dt>
        <dd className="mono break">{info.dataDir}</dd>
        <dt>Key storage</dt>
        <dd>{info.keystore}</dd>
        <dt>Export folder</dt>
        <dd className="mono break">{info.defaultExportDir}</dd>
      </dl>
    </section>
  );
}
