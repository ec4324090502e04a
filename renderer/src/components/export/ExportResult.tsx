import { CopyButton } from '../common/CopyButton.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';

export interface Written {
  files: { role: string; path: string }[];
  password?: string | null;
  generated?: boolean;
}

/** What an export wrote, and a generated PFX password shown this once. */
export function ExportResult({ written, kept }: { written: Written; kept: boolean }) {
  return (
    <div className="notice notice-ok" role="status">
      <p className="notice-title">
        <StatusIcon kind="ok" /> Exported
      </p>
      <ul className="file-list" aria-label="Written files">
        {written.files.map((f) => (
          <li key={f.path}>
            <span className="muted small">{f.role}</span> <code className="break">{f.path}</code>
          </li>
        ))}
      </ul>
      {written.generated && written.password && (
        <div className="generated-password stack-tight">
          <p>
            <strong>PFX password:</strong> <code className="password">{written.password}</code>{' '}
            <CopyButton text={written.password} label="Copy password" />
          </p>
          <p className="warning-text">
            <StatusIcon kind="warning" /> Save it now: PersistCert cannot show it again
            {kept ? ' (it is kept in the keystore only to write renewed PFX files)' : ', and it is not stored anywhere'}.
          </p>
        </div>
      )}
      {kept && <p>Renewed certificates will be written here too.</p>}
    </div>
  );
}
