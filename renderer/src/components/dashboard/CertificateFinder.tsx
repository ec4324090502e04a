import { useId } from 'react';
import type { Page } from './certificate-query.ts';

interface Props {
  query: string;
  onQuery: (query: string) => void;
  page: Page<unknown>;
  total: number;
  onPage: (page: number) => void;
}

/** Filter by name and page through the table: what makes thousands of certificates usable. */
export function CertificateFinder({ query, onQuery, page, total, onPage }: Props) {
  const id = useId();
  const q = query.trim();
  const what = q
    ? `${total.toLocaleString()} matching “${q}”`
    : `${total.toLocaleString()} ${total === 1 ? 'certificate' : 'certificates'}`;
  const shown = page.first ? `${page.first.toLocaleString()}–${page.last.toLocaleString()} of ${what}` : `No certificate matches “${q}”`;
  return (
    <div className="finder">
      <div className="field finder-field">
        <label htmlFor={`${id}-q`}>Filter by name</label>
        <input
          id={`${id}-q`}
          type="search"
          value={query}
          placeholder="e.g. shop.example.com"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onQuery(e.target.value)}
        />
      </div>
      <p className="muted small finder-status" role="status">
        {shown}
      </p>
      {page.pages > 1 && (
        <nav className="finder-pages" aria-label="Certificate pages">
          <button type="button" className="btn btn-small" disabled={page.page === 0} onClick={() => onPage(page.page - 1)}>
            Previous
          </button>
          <span className="small">
            Page {page.page + 1} of {page.pages.toLocaleString()}
          </span>
          <button type="button" className="btn btn-small" disabled={page.page >= page.pages - 1} onClick={() => onPage(page.page + 1)}>
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
