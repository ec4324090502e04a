import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/shell/App.tsx';
import { startEventFeeds } from './store/events.ts';
import { resumeWizardDraft } from './store/wizard-draft.ts';
import './store/theme-store.ts';
import './styles/app.css';

startEventFeeds();
void resumeWizardDraft();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
