import { useApp } from '../../store/app-store.ts';
import { PAGES, useNav } from '../../store/nav-store.ts';
import { startWizard } from '../../store/start-wizard.ts';
import { ThemeToggle } from './ThemeToggle.tsx';

/** App name, the main navigation and the theme switch. */
export function Header() {
  const page = useNav((s) => s.page);
  const go = useNav((s) => s.go);
  const demo = useApp((s) => s.info?.demo ?? false);
  return (
    <header className="header">
      <div className="header-inner">
        <a
          className="brand"
          href="#/certificates"
          onClick={(e) => {
            e.preventDefault();
            go('certificates');
          }}
        >
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" className="brand-mark">
            <path d="M12 2l8 3v6c0 5-3.4 9.3-8 11-4.6-1.7-8-6-8-11V5z" />
            <path d="M8.5 12l2.5 2.5 4.5-5" className="brand-check" />
          </svg>
          <span>PersistCert</span>
        </a>
        {demo && <span className="badge badge-neutral demo-badge">Demo sandbox</span>}
        <nav aria-label="Main" className="main-nav">
          <ul>
            {PAGES.map((p) => (
              <li key={p.id}>
                <a
                  href={`#/${p.id}`}
                  aria-current={page === p.id ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    if (p.id === 'new') startWizard();
                    else go(p.id);
                  }}
                >
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ThemeToggle />
      </div>
    </header>
  );
}
