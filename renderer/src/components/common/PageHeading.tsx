import { useEffect, useRef, type ReactNode } from 'react';
import { useNav } from '../../store/nav-store.ts';

/** The page's one h1; takes focus when the user navigated here (not on first load). */
export function PageHeading({ children, lead }: { children: ReactNode; lead?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (useNav.getState().moves > 0) ref.current?.focus();
  }, []);
  return (
    <div className="page-head">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {lead && <p className="lead">{lead}</p>}
    </div>
  );
}
