export type IconKind = 'ok' | 'error' | 'warning' | 'pending' | 'active' | 'info';

/** A small decorative icon; the text next to it always says the same thing in words. */
export function StatusIcon({ kind }: { kind: IconKind }) {
  return (
    <svg className={`icon icon-${kind}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {kind === 'ok' && <path d="M3 8.5l3.2 3L13 4.5" fill="none" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />}
      {kind === 'error' && <path d="M4 4l8 8M12 4l-8 8" fill="none" strokeWidth="2" strokeLinecap="round" />}
      {kind === 'warning' && (
        <>
          <path d="M8 1.8L15 14H1z" fill="none" strokeWidth="1.6" strokeLinejoin="round" />
          <path d="M8 6v3.6M8 11.4v.2" fill="none" strokeWidth="1.8" strokeLinecap="round" />
        </>
      )}
      {kind === 'pending' && <circle cx="8" cy="8" r="5.5" fill="none" strokeWidth="1.6" strokeDasharray="2.5 2.2" />}
      {kind === 'active' && (
        <circle className="spin" cx="8" cy="8" r="5.5" fill="none" strokeWidth="2" strokeDasharray="22 13" strokeLinecap="round" />
      )}
      {kind === 'info' && (
        <>
          <circle cx="8" cy="8" r="6.2" fill="none" strokeWidth="1.6" />
          <path d="M8 7.2v4.2M8 4.6v.2" fill="none" strokeWidth="1.8" strokeLinecap="round" />
        </>
      )}
    </svg>
  );
}
