import { StatusIcon } from '../common/StatusIcon.tsx';

/** The save button with what became of the last try: saved, or how many fields to fix. */
export function SaveRow({ pending, saved, errorCount }: { pending: boolean; saved: boolean; errorCount: number }) {
  return (
    <div className="row-actions">
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? 'Saving…' : 'Save renewal settings'}
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
  );
}
