// First: it starts the first calls before the modules below are evaluated.
import './boot.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/shell/App.tsx';
import { resumeWizardDraft } from './store/wizard-draft.ts';
import './store/theme-store.ts';
import './styles/app.css';

void resumeWizardDraft();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
