import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/shell/App.tsx';
import { useApp } from './store/app-store.ts';
import { prefetchDashboard } from './store/dashboard-data.ts';
import { startEventFeeds } from './store/events.ts';
import { useNav } from './store/nav-store.ts';
import { resumeWizardDraft } from './store/wizard-draft.ts';
import './store/theme-store.ts';
import './styles/app.css';

startEventFeeds();
void resumeWizardDraft();
// The app's own facts first: every page waits for them, and the host answers calls in the order
// they come, so asked after the dashboard's lists they waited for those to be built.
void useApp.getState().load();
// The dashboard is the usual first page: ask for its data now rather than after the app's facts
// arrive and the page mounts (with thousands of certificates that wait was a visible part of the
// first render).
if (useNav.getState().page === 'certificates') prefetchDashboard();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
