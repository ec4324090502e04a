import { useApp } from '../../store/app-store.ts';
import { useNav } from '../../store/nav-store.ts';
import { AccountsPage } from '../accounts/AccountsPage.tsx';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { Dashboard } from '../dashboard/Dashboard.tsx';
import { SitePage } from '../site/SitePage.tsx';
import { SettingsPage } from '../settings/SettingsPage.tsx';
import { Wizard } from '../wizard/Wizard.tsx';
import { Announcer } from './Announcer.tsx';
import { DraftNotice } from './DraftNotice.tsx';
import { Header } from './Header.tsx';

/** The shell: header, the current page, and the live region. */
export function App() {
  const { info, error, load } = useApp();
  const page = useNav((s) => s.page);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        {!info && !error && (
          <>
            <h1 className="sr-only">PersistCert</h1>
            <Loading label="Starting PersistCert…" />
          </>
        )}
        {error && (
          <>
            <h1>PersistCert cannot start</h1>
            <ErrorPanel error={error} title="The app did not answer" onRetry={() => void load()} />
          </>
        )}
        {info && <DraftNotice />}
        {info && page === 'new' && <Wizard />}
        {info && page === 'certificates' && <Dashboard />}
        {info && page === 'accounts' && <AccountsPage />}
        {info && page === 'settings' && <SettingsPage />}
        {info && page === 'site' && <SitePage />}
      </main>
      <footer className="footer">
        <p>PersistCert {info ? info.version : ''} · local-first TLS certificates with ACME dns-persist-01</p>
      </footer>
      <Announcer />
    </>
  );
}
