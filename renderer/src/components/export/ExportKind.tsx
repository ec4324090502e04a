/** PEM set or PFX file: the export form's first choice. */
export function ExportKind({ id, kind, onKind }: { id: string; kind: 'pem' | 'pfx'; onKind: (kind: 'pem' | 'pfx') => void }) {
  return (
    <fieldset className="segmented">
      <legend>Format</legend>
      <div className="segment">
        <input id={`${id}-pem`} type="radio" name={id} checked={kind === 'pem'} onChange={() => onKind('pem')} />
        <label htmlFor={`${id}-pem`}>PEM files (cert, chain, key)</label>
      </div>
      <div className="segment">
        <input id={`${id}-pfx`} type="radio" name={id} checked={kind === 'pfx'} onChange={() => onKind('pfx')} />
        <label htmlFor={`${id}-pfx`}>PFX / PKCS#12 (Windows, IIS, Java)</label>
      </div>
    </fieldset>
  );
}
