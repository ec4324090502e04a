import type { ReactNode } from 'react';

/** A designed empty state: what is missing, why it matters, and the one thing to do next. */
export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <svg className="empty-art" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">
        <rect x="10" y="8" width="44" height="52" rx="6" />
        <path d="M20 22h24M20 30h24M20 38h14" />
        <circle cx="46" cy="46" r="9" />
      </svg>
      <p className="empty-title">{title}</p>
      <div className="empty-text">{children}</div>
      {action && <div className="empty-action">{action}</div>}
    </section>
  );
}
