import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/shell/App.tsx';
import { useCertificates } from './store/certificates-store.ts';
import { startEventFeeds } from './store/events.ts';
import { useNav } from './store/nav-store.ts';
import { useRenewal } from './store/renewal-store.ts';
import { resumeWizardDraft } from './store/wizard-draft.ts';
import './store/theme-store.ts';
import './styles/app.css';

startEventFeeds();
void resumeWizardDraft();
// The dashboard is the usual first page: ask for its data now, alongside the app's own facts,
// rather than after they arrive and the page mounts (with thousands of certificates that wait
// was a visible part of the first render).
if (useNav.getState().page === 'certificates') {
  void useCertificates.getState().refresh();
  void useRenewal.getState().refresh();
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
