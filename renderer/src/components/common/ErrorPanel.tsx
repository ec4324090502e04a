import { useId, useState } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import { localizeDates } from '../../lib/local-dates.ts';
import { StatusIcon } from './StatusIcon.tsx';

/**
 * An error state: the plain-words message, the fix, and the raw problem document (RFC 7807,
 * verbatim from the CA) behind "Show details".
 */
export function ErrorPanel({
  error,
  title = 'Something went wrong',
  onRetry,
}: {
  error: ApiErrorBody;
  title?: string;
  onRetry?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const raw = error.problem ?? { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) };
  return (
    <div className="error-panel" role="alert">
      <div className="error-head">
        <StatusIcon kind="error" />
        <p className="error-title">{title}</p>
      </div>
      <p className="error-message">{localizeDates(error.message)}</p>
      {error.fix && (
        <p className="error-fix">
          <strong>How to fix it: </strong>
          {localizeDates(error.fix)}
        </p>
      )}
      <div className="error-actions">
        {onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        )}
        <button type="button" className="btn btn-quiet" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Hide details' : 'Show details'}
        </button>
      </div>
      <div id={detailsId} hidden={!open}>
        <p className="muted small">{error.problem ? 'The problem document the CA sent:' : `Error code: ${error.code}`}</p>
        <pre className="code-block" tabIndex={0} aria-label="Error details">
          {JSON.stringify(raw, null, 2)}
        </pre>
      </div>
    </div>
  );
}
